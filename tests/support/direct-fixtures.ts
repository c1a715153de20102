import sharp from "sharp";

/** Images for edit and remix tests: a scene with detail everywhere, and masks for it. */
const svg = (width: number, height: number, body: string) =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`));

/** Gradient sky, sun and ground: an unchanged pixel is not unchanged by luck. */
export const sceneImage = (width: number, height: number) =>
  svg(
    width,
    height,
    `<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#3a78c8"/><stop offset="1" stop-color="#e8c070"/></linearGradient></defs>` +
      `<rect width="${width}" height="${height}" fill="url(#g)"/><circle cx="${width * 0.75}" cy="${height * 0.3}" r="${height * 0.15}" fill="#ffe070"/>` +
      `<rect x="0" y="${height * 0.7}" width="${width}" height="${height * 0.3}" fill="#4c8a3c"/>`,
  );

/** White (keep) everywhere but a black ellipse (repaint) on the left, anti-aliased at its edge. */
export const ellipseMask = (width: number, height: number) =>
  svg(width, height, `<rect width="${width}" height="${height}" fill="#fff"/><ellipse cx="${width * 0.3}" cy="${height * 0.55}" rx="${width * 0.2}" ry="${height * 0.35}" fill="#000"/>`);

/** All white: nothing to repaint. */
export const whiteMask = (width: number, height: number) => svg(width, height, `<rect width="${width}" height="${height}" fill="#fff"/>`);

/** Decoded pixels as RGB, and a mask's grey values (transparent counted as white). */
export const rgbPixels = (bytes: Buffer) => sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
export const greyPixels = (bytes: Buffer) => sharp(bytes).flatten({ background: "#fff" }).greyscale().raw().toBuffer();

/** Pixels that differ between two RGB rasters, counted where the mask keeps (grey >= 128) and where it repaints. */
export function changedPixels(before: Buffer, after: Buffer, mask: Buffer) {
  const counts = { kept: 0, keptChanged: 0, repainted: 0, repaintedChanged: 0 };
  for (let i = 0; i < mask.length; i++) {
    const differs = before[i * 3] !== after[i * 3] || before[i * 3 + 1] !== after[i * 3 + 1] || before[i * 3 + 2] !== after[i * 3 + 2];
    if (mask[i]! >= 128) [counts.kept, counts.keptChanged] = [counts.kept + 1, counts.keptChanged + (differs ? 1 : 0)];
    else [counts.repainted, counts.repaintedChanged] = [counts.repainted + 1, counts.repaintedChanged + (differs ? 1 : 0)];
  }
  return counts;
}

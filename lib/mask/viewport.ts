/** The painter's view: screen = reference * scale + offset. Pure math, shared by input and drawing. */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 32;

export function fitViewport(imageWidth: number, imageHeight: number, stageWidth: number, stageHeight: number, margin = 24): Viewport {
  const scale = Math.max(
    MIN_SCALE,
    Math.min((stageWidth - margin * 2) / imageWidth, (stageHeight - margin * 2) / imageHeight),
  );
  return { scale, x: (stageWidth - imageWidth * scale) / 2, y: (stageHeight - imageHeight * scale) / 2 };
}

export function toImage(view: Viewport, screenX: number, screenY: number): { x: number; y: number } {
  return { x: (screenX - view.x) / view.scale, y: (screenY - view.y) / view.scale };
}

/** Zooms by `factor` keeping the image point under (screenX, screenY) where it is. */
export function zoomAt(view: Viewport, factor: number, screenX: number, screenY: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const applied = scale / view.scale;
  return { scale, x: screenX - (screenX - view.x) * applied, y: screenY - (screenY - view.y) * applied };
}

export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** The screen rectangle an image rectangle covers, padded a pixel for antialiasing. */
export function toScreenRect(view: Viewport, rect: { x: number; y: number; width: number; height: number }) {
  const x = Math.floor(rect.x * view.scale + view.x) - 1;
  const y = Math.floor(rect.y * view.scale + view.y) - 1;
  return {
    x,
    y,
    width: Math.ceil(rect.width * view.scale) + 3,
    height: Math.ceil(rect.height * view.scale) + 3,
  };
}

/**
 * Bundled by `pdf-render.ts` and run inside Chromium: renders every page of a PDF with pdf.js to
 * a canvas (PNG), and reports where pdf.js drew text and images, in canvas pixels.
 */
import { getDocument, OPS, Util } from "pdfjs-dist";
// @ts-expect-error -- pdf.js ships no types for its worker module; only its WorkerMessageHandler export is used, by pdf.js.
import * as worker from "pdfjs-dist/build/pdf.worker.mjs";

// pdf.js runs its "worker" on the page's own thread when it finds this global: no worker URL to serve.
(globalThis as unknown as { pdfjsWorker: unknown }).pdfjsWorker = worker;

type Matrix = [number, number, number, number, number, number];

export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderedPage {
  width: number;
  height: number;
  /** The page as a PNG, base64. */
  png: string;
  texts: (PixelRect & { str: string })[];
  images: PixelRect[];
}

function rectOf(matrix: number[]): PixelRect {
  // The unit square an image is painted into, through `matrix`.
  const corners = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map(([u, v]) => [matrix[0]! * u! + matrix[2]! * v! + matrix[4]!, matrix[1]! * u! + matrix[3]! * v! + matrix[5]!] as const);
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

export async function render(base64: string, scale: number): Promise<RenderedPage[]> {
  const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const doc = await getDocument({ data, isEvalSupported: false }).promise;
  const pages: RenderedPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    await page.render({ canvas, viewport }).promise;

    const texts: RenderedPage["texts"] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!("str" in item) || !item.str.trim()) continue;
      const m = Util.transform(viewport.transform, item.transform) as Matrix;
      const fontHeight = Math.hypot(m[2], m[3]);
      texts.push({ str: item.str, x: m[4], y: m[5] - fontHeight, width: item.width * scale, height: fontHeight });
    }

    const images: PixelRect[] = [];
    const ops = await page.getOperatorList();
    const stack: Matrix[] = [];
    let ctm = viewport.transform as Matrix;
    ops.fnArray.forEach((fn, i) => {
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) ctm = Util.transform(ctm, args as Matrix) as Matrix;
      else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) images.push(rectOf(ctm));
    });

    pages.push({ width: canvas.width, height: canvas.height, png: canvas.toDataURL("image/png").split(",")[1]!, texts, images });
    page.cleanup();
  }
  await doc.destroy();
  return pages;
}

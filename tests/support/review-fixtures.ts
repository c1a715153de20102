import sharp from "sharp";
import { sha256Hex } from "@/lib/server/objects/object-store";
import type { UploadedImage } from "@/lib/server/review/review-store";
import type { ReviewSnapshot, SnapshotPanel } from "@/lib/server/review/snapshot-schema";

export interface PanelImage extends UploadedImage {
  hash: string;
}

/** A real PNG of one flat colour: a different `shade` gives different bytes and so a different hash. */
export async function panelImage(shade: number): Promise<PanelImage> {
  const buffer = await sharp({ create: { width: 64, height: 36, channels: 3, background: { r: shade % 256, g: (shade * 7) % 256, b: (shade * 13) % 256 } } })
    .png()
    .toBuffer();
  const bytes = new Uint8Array(buffer);
  return { bytes, type: "image/png", hash: sha256Hex(bytes) };
}

export function snapshotPanel(id: string, image: PanelImage | null, caption = ""): SnapshotPanel {
  return {
    id,
    image: image ? { hash: image.hash, type: image.type, width: 64, height: 36, bytes: image.bytes.byteLength } : null,
    shot: { size: "wide", angle: "eye-level", durationSec: 3 },
    caption,
    balloons: [{ id: `${id}-line`, speaker: "Mara", text: "We go at dawn.", x: 0.3, y: 0.2 }],
  };
}

/** A board of `count` panels, each with its own image, and the uploads that go with it. */
export async function board(count: number, firstShade = 0): Promise<{ snapshot: ReviewSnapshot; images: PanelImage[] }> {
  const images = await Promise.all(Array.from({ length: count }, (_, i) => panelImage(firstShade + i)));
  return { snapshot: { title: "Dawn raid", panels: images.map((image, i) => snapshotPanel(`panel-${i + 1}`, image, `Shot ${i + 1}`)) }, images };
}

export const uploadsOf = (images: PanelImage[]) => new Map(images.map((image) => [image.hash, image]));

/** Waits for a condition (no fixed sleeps), failing with what it waited for. */
export async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

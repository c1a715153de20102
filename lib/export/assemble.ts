"use client";
import "client-only";
import { panelAspect, panelImage } from "../board/chosen";
import { CAMERA_ANGLES, SHOT_SIZES, type Panel } from "../state/panel-schema";
import type { Character } from "../state/schema";
import { getBlob } from "../storage/blob-store";
import { ExportCancelled, type ExportHooks, type ExportPanel } from "./types";

/** Reads a project's panels and the images they show (a take's, or a sketch) into the plain data exporters draw from. */
export async function assemblePanels(
  panels: Panel[],
  characters: Character[],
  { withImages = true, pdfSafe = false }: { withImages?: boolean; pdfSafe?: boolean } = {},
  hooks: ExportHooks = {},
): Promise<ExportPanel[]> {
  const names = new Map(characters.map((c) => [c.id, c.name]));
  const out: ExportPanel[] = [];
  for (const [index, panel] of panels.entries()) {
    if (hooks.signal?.aborted) throw new ExportCancelled();
    const shown = panelImage(panel)?.image;
    let image: ExportPanel["image"] = null;
    const blob = withImages && shown ? await getBlob(shown.blobId) : undefined;
    if (blob && shown) {
      // PDF cannot embed WebP: such images go in as PNG, pixel for pixel.
      const converted = pdfSafe && shown.type === "image/webp" ? await toPng(blob) : blob;
      image = { bytes: new Uint8Array(await converted.arrayBuffer()), type: converted === blob ? shown.type : "image/png", width: shown.width, height: shown.height };
    }
    const speaker = (id: string | null) => (id ? (names.get(id) ?? "Unknown") : null);
    out.push({
      number: index + 1,
      aspect: panelAspect(panel),
      image,
      balloons: panel.shot.dialogue.filter((l) => l.text.trim()).map((l) => ({ speaker: speaker(l.speakerId), text: l.text, x: l.x, y: l.y })),
      shotSize: panel.shot.size ? SHOT_SIZES[panel.shot.size] : null,
      angle: panel.shot.angle ? CAMERA_ANGLES[panel.shot.angle] : null,
      durationSec: panel.shot.durationSec,
      caption: panel.shot.caption,
      notes: panel.shot.notes,
      dialogue: panel.shot.dialogue.filter((l) => l.text.trim()).map((l) => ({ speaker: speaker(l.speakerId) ?? "Narrator", text: l.text })),
    });
    hooks.onProgress?.({ done: index + 1, total: panels.length });
  }
  return out;
}

async function toPng(blob: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas.convertToBlob({ type: "image/png" });
}

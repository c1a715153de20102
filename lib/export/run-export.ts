"use client";
import "client-only";
import { STATE_VERSION } from "../state/persistence";
import { useCastboard } from "../state/store";
import { getBlob } from "../storage/blob-store";
import { assemblePanels } from "./assemble";
import type { EdlFps } from "./edl";
import type { GifWidth } from "./gif";
import type { PdfLayoutOptions } from "./pdf-layout";
import { ExportCancelled, type ExportHooks } from "./types";

/**
 * Every export of the open project, as a file to download. Long ones report progress and can be
 * cancelled. The exporters (pdf-lib with its font engine, the ZIP writer) load on first use, so
 * they do not weigh on the app's first load.
 */
export type ExportRequest =
  | { kind: "pdf"; layout: PdfLayoutOptions }
  | { kind: "png-panels"; balloons: boolean }
  | { kind: "contact-sheet" }
  | { kind: "csv" }
  | { kind: "json" }
  | { kind: "bundle" }
  | { kind: "gif"; width: GifWidth }
  | { kind: "edl"; fps: EdlFps };

export interface ExportFile {
  blob: Blob;
  filename: string;
  /** Something to know about the file, shown beside "Downloaded". */
  warning?: string;
}

export function fileSlug(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .toLowerCase()
      .slice(0, 60) || "storyboard"
  );
}

async function fetchFont(name: string): Promise<Uint8Array> {
  const response = await fetch(`/api/fonts/${name}`);
  if (!response.ok) throw new Error(`The PDF font could not be loaded (HTTP ${response.status}). Reload the page and try again.`);
  return new Uint8Array(await response.arrayBuffer());
}

const bytesOf = (data: Uint8Array | string, type: string) => new Blob([data as BlobPart], { type });

export async function runExport(request: ExportRequest, hooks: ExportHooks = {}): Promise<ExportFile> {
  const state = useCastboard.getState();
  const title = state.projects.find((p) => p.id === state.projectId)?.name ?? "Storyboard";
  const slug = fileSlug(title);
  const { panels, characters } = state;
  switch (request.kind) {
    case "csv": {
      const { shotListCsv, shotListRows } = await import("./shot-list");
      return { blob: bytesOf(shotListCsv(shotListRows(panels, characters)), "text/csv;charset=utf-8"), filename: `${slug}-shot-list.csv` };
    }
    case "json": {
      const { shotListJson, shotListRows } = await import("./shot-list");
      return { blob: bytesOf(shotListJson(title, shotListRows(panels, characters)), "application/json"), filename: `${slug}-shot-list.json` };
    }
    case "bundle": {
      const doc = { version: STATE_VERSION, characters, panels: panels.map((p) => ({ ...p, pending: null })), projectSettings: state.projectSettings };
      const { exportBundle } = await import("./bundle-export");
      const bytes = await exportBundle({ name: title, doc }, getBlob, hooks);
      return { blob: bytesOf(bytes, "application/zip"), filename: `${slug}.castboard.zip` };
    }
    case "gif":
    case "edl": {
      const exports = await import("./animatic-exports");
      const input = { title, slug, panels, animatic: state.projectSettings.animatic };
      return request.kind === "gif" ? exports.exportGif(input, request.width, hooks) : exports.exportEditList(input, request.fps, hooks);
    }
    case "pdf": {
      // Reading images is the first half of the work, drawing the pages the second.
      const { buildStoryboardPdf } = await import("./pdf");
      const half = (offset: number) => ({ ...hooks, onProgress: (p: { done: number; total: number }) => hooks.onProgress?.({ done: offset + p.done, total: p.total * 2 }) });
      const [regular, bold, exportPanels] = await Promise.all([fetchFont("sans.ttf"), fetchFont("sans-bold.ttf"), assemblePanels(panels, characters, { pdfSafe: true }, half(0))]);
      const bytes = await buildStoryboardPdf({ title, panels: exportPanels, layout: request.layout, fonts: { regular, bold } }, half(exportPanels.length));
      return { blob: bytesOf(bytes, "application/pdf"), filename: `${slug}.pdf` };
    }
    case "contact-sheet": {
      const [{ renderContactSheet }, exportPanels] = await Promise.all([import("./png"), assemblePanels(panels, characters, {}, { signal: hooks.signal })]);
      return { blob: await renderContactSheet(title, exportPanels, hooks), filename: `${slug}-contact-sheet.png` };
    }
    case "png-panels": {
      const [{ renderPanelPng }, { zipSync }, exportPanels] = await Promise.all([import("./png"), import("fflate"), assemblePanels(panels, characters, {}, { signal: hooks.signal })]);
      const files: Record<string, [Uint8Array, { level: 0 }]> = {};
      for (const panel of exportPanels) {
        const png = await renderPanelPng(panel, { balloons: request.balloons });
        files[`shot-${String(panel.number).padStart(3, "0")}.png`] = [new Uint8Array(await png.arrayBuffer()), { level: 0 }];
        hooks.onProgress?.({ done: panel.number, total: exportPanels.length });
        if (hooks.signal?.aborted) break;
      }
      if (hooks.signal?.aborted) throw new ExportCancelled();
      return { blob: bytesOf(zipSync(files), "application/zip"), filename: `${slug}-panels${request.balloons ? "" : "-clean"}.zip` };
    }
  }
}

/** Hands a file to the browser's downloads. */
export function download({ blob, filename }: ExportFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

"use client";
import "client-only";
import { audioSchedule } from "../animatic/audio-schedule";
import { AUDIO_EXTENSION } from "../animatic/audio-sniff";
import { loadFrameSources, releaseSources, timelinePanels } from "../animatic/frame-sources";
import { panelAspect } from "../board/chosen";
import type { ProjectAnimatic } from "../state/animatic-schema";
import type { Panel } from "../state/panel-schema";
import { getBlob } from "../storage/blob-store";
import { buildEdl, type EdlFps } from "./edl";
import { GIF_WARN_BYTES, estimateGifBytes, gifFramePlan, gifSize, gifSizeWarning, type GifWidth } from "./gif";
import type { GifJob, GifWorkerMessage } from "./gif.worker";
import { ExportCancelled, type ExportHooks } from "./types";

/** The GIF and the edit list: both read the panels as the animatic shows them (frame-sources). */

export interface AnimaticExportInput {
  title: string;
  slug: string;
  panels: Panel[];
  animatic: ProjectAnimatic;
}

export interface AnimaticExportFile {
  blob: Blob;
  filename: string;
  /** Something the user should know about the file (a GIF too big to share easily). */
  warning?: string;
}

const toBitmap = (source: CanvasImageSource) => (source instanceof ImageBitmap ? source : createImageBitmap(source as OffscreenCanvas));

/** What the options show before export: frames and a rough size. */
export function gifEstimate(panels: readonly Panel[], width: GifWidth): { frames: number; bytes: number; width: number; height: number } {
  const size = gifSize(panels[0] ? panelAspect(panels[0]) : 16 / 9, width);
  const frames = gifFramePlan(timelinePanels(panels)).length;
  return { frames, bytes: estimateGifBytes(frames, size.width, size.height), ...size };
}

export async function exportGif({ slug, panels }: AnimaticExportInput, width: GifWidth, { signal, onProgress }: ExportHooks = {}): Promise<AnimaticExportFile> {
  const { sources } = await loadFrameSources(panels, getBlob);
  const bitmaps = await Promise.all(sources.map((s) => toBitmap(s.source)));
  if (signal?.aborted) {
    // Not handed to the worker yet: free them here.
    for (const bitmap of bitmaps) bitmap.close();
    throw new ExportCancelled();
  }
  const job: GifJob = { timeline: timelinePanels(panels), bitmaps, ...gifSize(panelAspect(panels[0]!), width) };
  const worker = new Worker(new URL("./gif.worker.ts", import.meta.url), { type: "module" });
  let onAbort: (() => void) | undefined;
  try {
    const bytes = await new Promise<Uint8Array>((resolve, reject) => {
      onAbort = () => reject(new ExportCancelled());
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.onerror = (event) => reject(new Error(`The GIF could not be made: ${event.message || "its worker failed"}. Reload the page and try again.`));
      worker.onmessage = ({ data }: MessageEvent<GifWorkerMessage>) => {
        if (data.type === "progress") onProgress?.({ done: data.done, total: data.total });
        else if (data.type === "done") resolve(data.bytes);
        else reject(new Error(`The GIF could not be made: ${data.message}`));
      };
      worker.postMessage(job, bitmaps);
    });
    const blob = new Blob([bytes as BlobPart], { type: "image/gif" });
    return { blob, filename: `${slug}-${width}.gif`, ...(blob.size > GIF_WARN_BYTES ? { warning: gifSizeWarning(blob.size, false) } : {}) };
  } finally {
    // Cancelling stops the encode where it is: nothing of it stays behind.
    worker.terminate();
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

const shotName = (n: number) => `shot-${String(n).padStart(3, "0")}`;
/** A file's stem as a safe, short part of a name: "Door slam (take 2).wav" → "door-slam-take-2". */
const stem = (fileName: string) =>
  fileName
    .replace(/\.[a-z0-9]{2,5}$/i, "")
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 40) || "sound";

export function editListReadme(title: string, fps: EdlFps, edlName: string, missingSounds: string[]): string {
  return [
    `${title}: edit list from Castboard`,
    "",
    `${edlName} is a CMX 3600 edit list at ${fps} fps (non-drop frame), timeline from 01:00:00:00.`,
    "Each shot is one still (shot-001.png, ...); crossfades and dips to black are dissolves; sound clips",
    "are on audio tracks from where their shot starts (shot-003-<name>.wav, ...; soundtrack-<name> from the start).",
    "",
    "Unzip this folder first, and keep the files together.",
    "",
    "DaVinci Resolve: set the project to the same frame rate. In the Media Pool import every image and sound",
    "of this folder, then File > Import > Timeline and choose the .edl; Resolve matches its events to the",
    "clips in the Media Pool by name.",
    "",
    "Premiere Pro: File > Import and choose the .edl (same frame rate); its clips come in offline. Select",
    "them and use Link Media to point at this folder.",
    "",
    "Not tested in Resolve or Premiere. Stills import at the editor's default still duration: if a shot",
    "is longer than that, raise the default before importing.",
    ...(missingSounds.length ? ["", `Left out, missing from the browser's storage: ${missingSounds.join(", ")}.`] : []),
    "",
  ].join("\n");
}

export async function exportEditList({ title, slug, panels, animatic }: AnimaticExportInput, fps: EdlFps, { signal, onProgress }: ExportHooks = {}): Promise<AnimaticExportFile> {
  const [{ zipSync, strToU8 }, { sources }] = await Promise.all([import("fflate"), loadFrameSources(panels, getBlob)]);
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  const total = panels.length + 1;
  try {
    for (const [i, source] of sources.entries()) {
      if (signal?.aborted) throw new ExportCancelled();
      const canvas = new OffscreenCanvas(source.width, source.height);
      canvas.getContext("2d")!.drawImage(source.source, 0, 0);
      files[`${shotName(i + 1)}.png`] = [new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer()), { level: 0 }];
      onProgress?.({ done: i + 1, total });
    }
  } finally {
    releaseSources(sources);
  }
  const sounds = [];
  const missing: string[] = [];
  for (const sound of audioSchedule(panels, animatic)) {
    const { audio } = sound.clip;
    const blob = await getBlob(audio.blobId);
    if (!blob) {
      missing.push(audio.fileName);
      continue;
    }
    const fileName = `${sound.shot === null ? "soundtrack" : shotName(sound.shot)}-${stem(audio.fileName)}.${AUDIO_EXTENSION[audio.type]}`;
    // The file as it was added, byte for byte: the editor gets the original, not a re-encode.
    files[fileName] = [new Uint8Array(await blob.arrayBuffer()), { level: 0 }];
    sounds.push({ sound, fileName });
  }
  if (signal?.aborted) throw new ExportCancelled();
  const shots = timelinePanels(panels).map((p, i) => ({ ...p, fileName: `${shotName(i + 1)}.png` }));
  const edlName = `${slug}.edl`;
  files[edlName] = [strToU8(buildEdl(title, shots, sounds, fps)), { level: 6 }];
  files["README.txt"] = [strToU8(editListReadme(title, fps, edlName, missing)), { level: 6 }];
  onProgress?.({ done: total, total });
  return {
    blob: new Blob([zipSync(files) as BlobPart], { type: "application/zip" }),
    filename: `${slug}-edit-list.zip`,
    ...(missing.length ? { warning: `Left out ${missing.length === 1 ? "a sound" : "sounds"} missing from this browser's storage: ${missing.join(", ")}. Add ${missing.length === 1 ? "it" : "them"} again, then export again.` } : {}),
  };
}

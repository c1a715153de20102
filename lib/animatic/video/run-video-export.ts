"use client";
import "client-only";
import { fileSlug, type ExportFile } from "../../export/run-export";
import { useCastboard } from "../../state/store";
import { getBlob } from "../../storage/blob-store";
import { ExportCancelled } from "../../export/types";
import { exportVideo, type VideoExportHooks } from "./export-video";
import { fileHandleSink, memorySink, type FileSink } from "./file-sink";
import type { VideoOptions } from "./options";

/**
 * Export → Animatic video for the open project. Where the browser can save files directly (File
 * System Access API), the user picks the file first and the video streams into it; otherwise it
 * is gathered as the file's bytes and downloaded at the end.
 */
type SavePicker = (options: { suggestedName: string; types: { description: string; accept: Record<string, string[]> }[] }) => Promise<FileSystemFileHandle>;

export async function runVideoExport(options: VideoOptions, hooks: VideoExportHooks): Promise<{ saved: string } | { file: ExportFile }> {
  const state = useCastboard.getState();
  const title = state.projects.find((p) => p.id === state.projectId)?.name ?? "Storyboard";
  const filename = `${fileSlug(title)}-animatic.${options.container}`;
  const type = options.container === "mp4" ? "video/mp4" : "video/webm";
  const picker = (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  let sink: FileSink;
  let savedAs = filename;
  if (picker) {
    // Called before anything else is awaited: the picker needs the click's user activation.
    const handle = await picker({ suggestedName: filename, types: [{ description: options.container === "mp4" ? "MP4 video" : "WebM video", accept: { [type]: [`.${options.container}`] } }] }).catch((error: unknown) => {
      if (error instanceof DOMException && error.name === "AbortError") throw new ExportCancelled();
      throw error;
    });
    savedAs = handle.name;
    sink = await fileHandleSink(handle);
  } else {
    sink = memorySink(type);
  }
  const blob = await exportVideo(
    { title, panels: state.panels, characters: state.characters, animatic: state.projectSettings.animatic, options, readBlob: getBlob, sink },
    hooks,
  );
  return blob ? { file: { blob, filename } } : { saved: savedAs };
}

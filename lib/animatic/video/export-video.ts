import { panelAspect } from "../../board/chosen";
import { ExportCancelled } from "../../export/types";
import type { ProjectAnimatic } from "../../state/animatic-schema";
import type { Panel } from "../../state/panel-schema";
import type { Character } from "../../state/schema";
import { audioSchedule } from "../audio-schedule";
import { mixAudio } from "../audio-mix";
import { loadFrameSources, timelinePanels, type BlobReader } from "../frame-sources";
import { totalDuration } from "../timeline";
import type { FileSink } from "./file-sink";
import type { FromWorker, PanelText, RenderJob, ToWorker } from "./job";
import { boardAspect, frameSize, pickCodecs, TITLE_CARD_SEC, type VideoOptions } from "./options";

/**
 * Export → Animatic video, on the page's side: reads the board (never writes to it), decodes each
 * image once, mixes the sound, and hands the worker one job; the worker's chunks go to the sink.
 * Cancelling terminates the worker and aborts the sink, so no partial file is left.
 */
export interface VideoProgress {
  done: number;
  total: number;
  /** Estimated from the pace so far; null until there is a pace. */
  secondsLeft: number | null;
}

export interface VideoExportInput {
  title: string;
  panels: Panel[];
  characters: Character[];
  animatic: ProjectAnimatic;
  options: VideoOptions;
  readBlob: BlobReader;
  sink: FileSink;
  createWorker?: () => Worker;
}

export interface VideoExportHooks {
  signal?: AbortSignal;
  onProgress?: (progress: VideoProgress) => void;
  /** Said before encoding starts: which codecs, which aspect, which shots have no image. */
  onPlan?: (plan: { codecs: string; aspect: string; width: number; height: number; missing: number[] }) => void;
}

const defaultWorker = () => new Worker(new URL("./encode-worker.ts", import.meta.url), { type: "module" });

function panelTexts(panels: readonly Panel[], characters: readonly Character[]): PanelText[] {
  const names = new Map(characters.map((c) => [c.id, c.name]));
  return panels.map((panel, i) => ({
    shot: i + 1,
    caption: panel.shot.caption,
    balloons: panel.shot.dialogue
      .filter((l) => l.text.trim())
      .map((l) => ({ text: l.text, speaker: l.speakerId ? (names.get(l.speakerId) ?? "Unknown") : null, x: l.x, y: l.y })),
  }));
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds) % 60).padStart(2, "0")}`;

export async function exportVideo(input: VideoExportInput, hooks: VideoExportHooks = {}): Promise<Blob | null> {
  const { panels, options, sink, signal } = { ...input, signal: hooks.signal };
  const cancelled = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };
  try {
    if (panels.length === 0) throw new Error("The board has no shots to put in a video. Add a shot first.");
    const zero = panels.findIndex((p) => !(p.shot.durationSec > 0));
    if (zero >= 0) throw new Error(`Shot ${zero + 1} lasts 0 seconds. Give it a duration, then export.`);
    const timeline = timelinePanels(panels);
    const aspect = boardAspect(panels.map(panelAspect));
    const { width, height } = frameSize(options.resolution, aspect);
    const codecs = await pickCodecs(options.container, width, height, options.fps);
    if (typeof codecs === "string") throw new Error(codecs);
    cancelled();
    const offset = options.burnIns.titleCard ? TITLE_CARD_SEC : 0;
    const boardSec = totalDuration(timeline);
    const [{ sources, missing }, audio] = await Promise.all([
      loadFrameSources(panels, input.readBlob),
      mixAudio(audioSchedule(panels, input.animatic), input.readBlob, boardSec + offset, offset),
    ]);
    hooks.onPlan?.({ codecs: codecs.label, aspect, width, height, missing });
    const images = await Promise.all(sources.map((s) => (s.source instanceof ImageBitmap ? s.source : createImageBitmap(s.source))));
    cancelled();
    const job: RenderJob = {
      container: options.container,
      codecs,
      width,
      height,
      fps: options.fps,
      panels: timeline,
      images,
      texts: panelTexts(panels, input.characters),
      burnIns: options.burnIns,
      title: options.burnIns.titleCard ? { heading: input.title, detail: `${panels.length} ${panels.length === 1 ? "shot" : "shots"} · ${clock(boardSec)}` } : null,
      audio,
    };
    await runWorker(job, input.createWorker ?? defaultWorker, sink, hooks);
    return await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

function runWorker(job: RenderJob, createWorker: () => Worker, sink: FileSink, { signal, onProgress }: VideoExportHooks): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = createWorker();
    const startedAt = performance.now();
    let finished = false;
    const end = (error?: Error) => {
      if (finished) return;
      finished = true;
      worker.terminate();
      signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => end(new ExportCancelled());
    signal?.addEventListener("abort", onAbort);
    worker.onerror = (event) => end(new Error(`The video encoder stopped: ${event.message || "the worker failed to start"}.`));
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if (finished) return;
      if (message.type === "chunk") {
        sink.write(message.position, message.data).then(
          () => worker.postMessage({ type: "written", id: message.id } satisfies ToWorker),
          (error: unknown) => end(new Error(`The video could not be written: ${error instanceof Error ? error.message : String(error)}`)),
        );
      } else if (message.type === "progress") {
        const elapsed = (performance.now() - startedAt) / 1000;
        const secondsLeft = message.done > 0 ? (elapsed / message.done) * (message.total - message.done) : null;
        onProgress?.({ done: message.done, total: message.total, secondsLeft });
      } else if (message.type === "done") end();
      else end(new Error(`The video could not be encoded: ${message.message}`));
    };
    const transfer: Transferable[] = [...job.images, ...(job.audio?.channels.map((c) => c.buffer as ArrayBuffer) ?? [])];
    worker.postMessage({ type: "start", job } satisfies ToWorker, transfer);
    if (signal?.aborted) onAbort();
  });
}

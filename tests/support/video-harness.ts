/**
 * Browser side of the animatic video tests and bench: builds a board of generated images (and
 * WAV clips), exports it with the real exporter and worker, and reads the file back with
 * mediabunny. Installed on `window.videoHarness` by tests/support/video-page.ts.
 */
import { ALL_FORMATS, AudioBufferSink, BlobSource, Input, VideoSampleSink } from "mediabunny";
import { loadFrameSources, timelinePanels } from "@/lib/animatic/frame-sources";
import { drawFrame, frameAt, panelStarts } from "@/lib/animatic/timeline";
import { exportVideo, type VideoProgress } from "@/lib/animatic/video/export-video";
import { fileHandleSink, memorySink, type FileSink } from "@/lib/animatic/video/file-sink";
import { boardAspect, frameSize, TITLE_CARD_SEC, type VideoOptions } from "@/lib/animatic/video/options";
import { panelAspect } from "@/lib/board/chosen";
import { DEFAULT_PANEL_ANIMATIC, type CameraMove, type TransitionKind } from "@/lib/state/animatic-schema";
import { DEFAULT_GENERATION_SETTINGS, type Panel } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import { makeWav } from "./wav";

/** A 440 Hz tone at half scale, at 44.1 kHz: loud where it plays, silent elsewhere. */
const clipWav = (seconds: number) => makeWav(seconds, 44_100, 440, 16_384);

export interface ShotSpec {
  durationSec: number;
  move?: CameraMove["kind"];
  transition?: TransitionKind;
  transitionSec?: number;
  /** Seconds of a 440 Hz tone starting with the shot. */
  clipSec?: number;
  caption?: string;
  line?: string;
  /** No image: the slate card stands in. */
  blank?: boolean;
}

export interface BoardSpec {
  shots: ShotSpec[];
  width?: number;
  height?: number;
  /** A clip whose bytes do not decode, on this shot. */
  brokenClipOn?: number;
}

const blobs = new Map<string, Blob>();
const readBlob = async (id: string) => blobs.get(id);
let board: Panel[] = [];
let lastFile: Blob | null = null;

/** A picture that shows any misplacement: a hue per shot, a grid of dots, a big number. */
async function testImage(i: number, width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d")!;
  const gradient = ctx.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, `hsl(${(i * 67) % 360} 70% 35%)`);
  gradient.addColorStop(1, `hsl(${(i * 67 + 40) % 360} 70% 70%)`);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, width, height);
  for (let y = 0; y < 9; y++) {
    for (let x = 0; x < 16; x++) {
      ctx.fillStyle = (x + y + i) % 3 === 0 ? "#fff" : "#111";
      ctx.beginPath();
      ctx.arc(((x + 0.5) * width) / 16, ((y + 0.5) * height) / 9, Math.min(width, height) / 40, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.fillStyle = "#fff";
  ctx.font = `700 ${Math.round(height / 3)}px sans-serif`;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(String(i + 1), width / 2, height / 2);
  return canvas.convertToBlob({ type: "image/png" });
}

async function makeBoard(spec: BoardSpec): Promise<number> {
  blobs.clear();
  lastFile = null;
  const width = spec.width ?? 1024;
  const height = spec.height ?? 576;
  board = await Promise.all(
    spec.shots.map(async (shot, i): Promise<Panel> => {
      const panel = newPanel(null, { ...DEFAULT_GENERATION_SETTINGS, imageSize: { kind: "custom", width, height } } as Panel["recipe"]["settings"]);
      const id = `image-${i}`;
      if (!shot.blank) blobs.set(id, await testImage(i, width, height));
      const clipId = `clip-${i}`;
      if (shot.clipSec) blobs.set(clipId, spec.brokenClipOn === i + 1 ? new Blob(["not audio"], { type: "audio/wav" }) : new Blob([clipWav(shot.clipSec)], { type: "audio/wav" }));
      return {
        ...panel,
        sketch: shot.blank ? null : { image: { blobId: id, type: "image/png", width, height, bytes: 1 }, updatedAt: 1, preferred: true },
        shot: { ...panel.shot, durationSec: shot.durationSec, caption: shot.caption ?? "", dialogue: shot.line ? [{ id: `l${i}`, speakerId: null, text: shot.line, x: 0.3, y: 0.2 }] : [] },
        animatic: {
          ...DEFAULT_PANEL_ANIMATIC,
          move: { kind: shot.move ?? "none" } as CameraMove,
          transition: { kind: shot.transition ?? "cut", durationSec: shot.transitionSec ?? 0.5 },
          clip: shot.clipSec ? { audio: { blobId: clipId, type: "audio/wav", fileName: `line-${i + 1}.wav`, bytes: 1, durationSec: shot.clipSec }, volume: 1 } : null,
        },
      };
    }),
  );
  return board.length;
}

let workerUrl = "";
function setWorkerSource(source: string): void {
  workerUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
}

export interface RunResult {
  bytes: number;
  ms: number;
  progress: VideoProgress[];
  plan: unknown;
  error: string | null;
}

/** Exports the board; `cancelAfter` aborts once that many frames are done; `opfs` streams into a file of the origin's private file system. */
async function runExport(options: VideoOptions, { cancelAfter, opfs }: { cancelAfter?: number; opfs?: string } = {}): Promise<RunResult> {
  const controller = new AbortController();
  const progress: VideoProgress[] = [];
  let plan: unknown = null;
  let sink: FileSink = memorySink("video/mp4");
  if (opfs) sink = await fileHandleSink(await (await navigator.storage.getDirectory()).getFileHandle(opfs, { create: true }));
  const start = performance.now();
  try {
    const blob = await exportVideo(
      { title: "Harbour chase", panels: board, characters: [], animatic: { soundtrack: null }, options, readBlob, sink, createWorker: () => new Worker(workerUrl) },
      {
        signal: controller.signal,
        onPlan: (p) => (plan = p),
        onProgress: (p) => {
          progress.push(p);
          if (cancelAfter !== undefined && p.done >= cancelAfter) controller.abort();
        },
      },
    );
    lastFile = blob ?? (opfs ? await (await (await navigator.storage.getDirectory()).getFileHandle(opfs)).getFile() : null);
    return { bytes: lastFile?.size ?? 0, ms: performance.now() - start, progress, plan, error: null };
  } catch (error) {
    return { bytes: 0, ms: performance.now() - start, progress, plan, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function opfsNames(): Promise<string[]> {
  const names: string[] = [];
  const directory = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
  for await (const name of directory.keys()) names.push(name);
  return names;
}

/** The file back from `bytes` (a download's contents) or the last export. */
function fileFrom(bytes?: number[]): Blob {
  return bytes ? new Blob([new Uint8Array(bytes)]) : lastFile!;
}

async function describeFile(bytes?: number[]) {
  const input = new Input({ source: new BlobSource(fileFrom(bytes)), formats: ALL_FORMATS });
  const video = (await input.getPrimaryVideoTrack())!;
  const audio = await input.getPrimaryAudioTrack();
  const stats = await video.computePacketStats();
  let audioPeak: number[] = [];
  if (audio) {
    // Loudness per half second: where the sound is.
    const sink = new AudioBufferSink(audio);
    const peaks = new Map<number, number>();
    for await (const { buffer, timestamp } of sink.buffers()) {
      const data = buffer.getChannelData(0);
      for (let k = 0; k < data.length; k++) {
        const slot = Math.floor((timestamp + k / buffer.sampleRate) * 2);
        peaks.set(slot, Math.max(peaks.get(slot) ?? 0, Math.abs(data[k]!)));
      }
    }
    audioPeak = [...peaks.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => Math.round(v * 100) / 100);
  }
  return {
    mime: await input.getMimeType(),
    duration: await input.computeDuration(),
    videoDuration: await video.computeDuration(),
    width: video.displayWidth,
    height: video.displayHeight,
    videoCodec: video.codec,
    frames: stats.packetCount,
    fps: stats.averagePacketRate,
    audio: audio ? { codec: audio.codec, sampleRate: audio.sampleRate, channels: audio.numberOfChannels, duration: await audio.computeDuration() } : null,
    audioPeak,
  };
}

/**
 * Each frame at `times` (seconds of the video) against the frame drawFrame makes from the same
 * images at that moment: the mean difference per channel, 0 to 255. Saves nothing; returns PNGs
 * as data URLs when `png` is set, for a person to look at.
 */
async function compareFrames(times: number[], options: VideoOptions, { png = false, bytes }: { png?: boolean; bytes?: number[] } = {}) {
  const input = new Input({ source: new BlobSource(fileFrom(bytes)), formats: ALL_FORMATS });
  const video = (await input.getPrimaryVideoTrack())!;
  const sink = new VideoSampleSink(video);
  const { width, height } = frameSize(options.resolution, boardAspect(board.map(panelAspect)));
  const { sources } = await loadFrameSources(board, readBlob);
  const timeline = timelinePanels(board);
  const offset = options.burnIns.titleCard ? TITLE_CARD_SEC : 0;
  const out: { time: number; frameTime: number; diff: number; png?: string }[] = [];
  for (const time of times) {
    const sample = (await sink.getSample(time))!;
    const got = new OffscreenCanvas(width, height);
    const gctx = got.getContext("2d")!;
    sample.draw(gctx, 0, 0, width, height);
    const frameTime = sample.timestamp;
    sample.close();
    const want = new OffscreenCanvas(width, height);
    const wctx = want.getContext("2d")!;
    drawFrame(wctx, frameAt(timeline, frameTime - offset), sources, width, height);
    const a = gctx.getImageData(0, 0, width, height).data;
    const b = wctx.getImageData(0, 0, width, height).data;
    let sum = 0;
    for (let k = 0; k < a.length; k += 4) sum += Math.abs(a[k]! - b[k]!) + Math.abs(a[k + 1]! - b[k + 1]!) + Math.abs(a[k + 2]! - b[k + 2]!);
    const entry: (typeof out)[number] = { time, frameTime, diff: sum / ((a.length / 4) * 3) };
    if (png) entry.png = await blobToDataUrl(await got.convertToBlob({ type: "image/png" }));
    out.push(entry);
  }
  return out;
}

async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = "";
  for (let k = 0; k < bytes.length; k += 0x8000) text += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return `data:image/png;base64,${btoa(text)}`;
}

/** The middle of each shot, in seconds of the video. */
function shotMiddles(titleCard: boolean): number[] {
  const timeline = timelinePanels(board);
  const offset = titleCard ? TITLE_CARD_SEC : 0;
  return panelStarts(timeline).map((start, i) => offset + start + timeline[i]!.durationSec / 2);
}

const videoHarness = { makeBoard, setWorkerSource, runExport, opfsNames, describeFile, compareFrames, shotMiddles };
export type VideoHarness = typeof videoHarness;
(globalThis as unknown as { videoHarness: VideoHarness }).videoHarness = videoHarness;

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_VIDEO_OPTIONS, TITLE_CARD_SEC, type VideoOptions } from "@/lib/animatic/video/options";
import type { BoardSpec } from "../support/video-harness";
import { openVideoPage, type VideoHarness } from "../support/video-page";

/**
 * The real exporter and encoding worker in Chromium, on a board of generated images: every file is
 * read back with mediabunny (duration, size, rate, codecs, a frame in each shot against drawFrame,
 * the sound where its clip is).
 */
let page: Page;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ page, close } = await openVideoPage());
}, 60_000);
afterAll(() => close?.());

/** Runs `run` in the page with the harness and a JSON argument. */
function inPage<R>(run: string, arg?: unknown): Promise<R> {
  return page.evaluate(([source, a]) => new Function("h", "a", `return (${source})(h, a)`)((window as unknown as { videoHarness: VideoHarness }).videoHarness, a) as Promise<R>, [run, arg] as const);
}
type Harness = VideoHarness;
const makeBoard = (spec: BoardSpec) => inPage<number>("(h, a) => h.makeBoard(a)", spec);
const runExport = (options: VideoOptions, extra: { cancelAfter?: number; opfs?: string } = {}) =>
  inPage<Awaited<ReturnType<Harness["runExport"]>>>("(h, a) => h.runExport(a.options, a.extra)", { options, extra });
const describeFile = () => inPage<Awaited<ReturnType<Harness["describeFile"]>>>("(h) => h.describeFile()");
const compareFrames = (times: number[], options: VideoOptions, png = false) =>
  inPage<Awaited<ReturnType<Harness["compareFrames"]>>>("(h, a) => h.compareFrames(a.times, a.options, { png: a.png })", { times, options, png });
const shotMiddles = (titleCard: boolean) => inPage<number[]>("(h, a) => h.shotMiddles(a)", titleCard);

const FRAMES_DIR = path.resolve(import.meta.dirname, "../../.test-results/animatic-frames");
function savePng(name: string, dataUrl: string) {
  mkdirSync(FRAMES_DIR, { recursive: true });
  writeFileSync(path.join(FRAMES_DIR, `${name}.png`), Buffer.from(dataUrl.split(",")[1]!, "base64"));
}

/** Mean difference per channel (0–255) a frame may have from drawFrame's: compression, not misplacement. */
const MAX_DIFF = 6;

const BOARD: BoardSpec = {
  shots: [
    { durationSec: 2, move: "push-in", transition: "crossfade", transitionSec: 1 },
    { durationSec: 1.5, move: "pan-right", transition: "dip-to-black", transitionSec: 0.5, clipSec: 1 },
    { durationSec: 2, move: "pull-out" },
    { durationSec: 1, blank: true },
  ],
};
const TOTAL = 6.5;

describe("animatic video export (Chromium, WebCodecs)", () => {
  it("MP4: H.264 at 1280 × 720, 24 fps, as long as the board, each shot's frame as drawFrame draws it, the clip's sound as Opus where it plays", async () => {
    await makeBoard(BOARD);
    const options: VideoOptions = { ...DEFAULT_VIDEO_OPTIONS, burnIns: { balloons: false, captions: false, slate: false, titleCard: false } };
    const result = await runExport(options);
    expect(result.error).toBeNull();
    expect(result.plan).toMatchObject({ codecs: "H.264 video, Opus audio", aspect: "16:9", width: 1280, height: 720, missing: [4] });
    expect(result.progress.at(-1)).toMatchObject({ done: TOTAL * 24, total: TOTAL * 24, secondsLeft: 0 });
    const file = await describeFile();
    expect(file).toMatchObject({ videoCodec: "avc", width: 1280, height: 720, frames: TOTAL * 24 });
    expect(file.mime).toMatch(/^video\/mp4/);
    expect(Math.abs(file.videoDuration - TOTAL)).toBeLessThanOrEqual(1 / 24);
    expect(file.fps).toBeCloseTo(24, 1);
    // Sound: Opus at 48 kHz, as long as the pictures, loud only while shot 2's one-second clip plays (2 s to 3 s).
    expect(file.audio).toMatchObject({ codec: "opus", sampleRate: 48_000 });
    expect(Math.abs(file.audio!.duration - TOTAL)).toBeLessThanOrEqual(1 / 24);
    expect(file.audioPeak.slice(0, 4).every((p) => p < 0.02), `peaks ${file.audioPeak.join(" ")}`).toBe(true);
    expect(file.audioPeak[4]).toBeGreaterThan(0.3);
    expect(file.audioPeak[5]).toBeGreaterThan(0.3);
    expect(file.audioPeak.slice(7).every((p) => p < 0.02)).toBe(true);

    // The middle of every shot (mid-move), the start, the middle of the crossfade and of the dip.
    const middles = await shotMiddles(false);
    const frames = await compareFrames([0, ...middles, 2, 3.5], options, true);
    for (const frame of frames) expect(frame.diff, `frame at ${frame.time} s`).toBeLessThan(MAX_DIFF);
    ["start", "shot-1-push-in", "shot-2-pan", "shot-3-pull-out", "shot-4-slate", "crossfade", "dip-to-black"].forEach((name, i) => savePng(`mp4-${name}`, frames[i]!.png!));
  }, 180_000);

  it("WebM: VP9 at 1080p and 30 fps, the title card adding its 2 s in front; burn-ins change the picture", async () => {
    await makeBoard({ shots: [{ durationSec: 1, move: "push-in", caption: "The courier checks the clock.", line: "Not here." }, { durationSec: 1, transition: "cut" }] });
    const options: VideoOptions = { container: "webm", resolution: 1080, fps: 30, burnIns: { balloons: true, captions: true, slate: true, titleCard: true } };
    const result = await runExport(options);
    expect(result.error).toBeNull();
    expect(result.plan).toMatchObject({ codecs: "VP9 video, Opus audio", width: 1920, height: 1080 });
    const file = await describeFile();
    expect(file).toMatchObject({ videoCodec: "vp9", width: 1920, height: 1080, frames: (2 + TITLE_CARD_SEC) * 30, audio: null });
    expect(file.mime).toMatch(/^video\/webm/);
    expect(Math.abs(file.videoDuration - (2 + TITLE_CARD_SEC))).toBeLessThanOrEqual(1 / 30);
    const [title, shot1, shot2] = await compareFrames([1, TITLE_CARD_SEC + 0.5, TITLE_CARD_SEC + 1.5], options, true);
    savePng("webm-title-card", title!.png!);
    savePng("webm-burn-ins", shot1!.png!);
    savePng("webm-slate-only", shot2!.png!);
    // Shot 1 carries a balloon, a caption and the slate; shot 2 only the slate: the differences say so.
    expect(shot1!.diff).toBeGreaterThan(shot2!.diff);
    expect(shot2!.diff).toBeGreaterThan(0.2);
    expect(shot2!.diff).toBeLessThan(MAX_DIFF);
  }, 180_000);

  it("portrait boards export upright: 9:16 at 720p is 720 × 1280", async () => {
    await makeBoard({ width: 576, height: 1024, shots: [{ durationSec: 0.5 }] });
    const result = await runExport({ ...DEFAULT_VIDEO_OPTIONS, fps: 25 });
    expect(result.plan).toMatchObject({ aspect: "9:16", width: 720, height: 1280 });
    expect(await describeFile()).toMatchObject({ width: 720, height: 1280, frames: 13 });
  }, 120_000);

  it("a clip that no longer decodes stops the export with a message naming the shot and file, and writes nothing", async () => {
    await makeBoard({ shots: [{ durationSec: 1 }, { durationSec: 1, clipSec: 1 }], brokenClipOn: 2 });
    const result = await runExport(DEFAULT_VIDEO_OPTIONS, { opfs: "broken.mp4" });
    expect(result.error).toContain("Shot 2's sound (line-2.wav) no longer decodes");
    expect(await inPage<string[]>("(h) => h.opfsNames()")).not.toContain("broken.mp4");
  }, 120_000);

  it("streams into a file and, cancelled midway, removes it", async () => {
    await makeBoard({ shots: Array.from({ length: 6 }, () => ({ durationSec: 2, move: "push-in" as const })) });
    const done = await runExport(DEFAULT_VIDEO_OPTIONS, { opfs: "whole.mp4" });
    expect(done.error).toBeNull();
    expect((await describeFile()).frames).toBe(12 * 24);
    const cancelled = await runExport(DEFAULT_VIDEO_OPTIONS, { opfs: "cancelled.mp4", cancelAfter: 60 });
    expect(cancelled.error).toContain("ExportCancelled");
    expect(cancelled.progress.at(-1)!.done).toBeLessThan(12 * 24);
    const names = await inPage<string[]>("(h) => h.opfsNames()");
    expect(names).toContain("whole.mp4");
    expect(names).not.toContain("cancelled.mp4");
  }, 180_000);
});

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardDoc, putState, seedImages } from "../../bench/seed";
import { DEFAULT_PANEL_ANIMATIC } from "@/lib/state/animatic-schema";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { addCaptionedPanel, selectShot } from "../support/board-page";
import { screenshot, VIEWPORTS } from "../support/browser";
import { openApp } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";
import { openVideoPage, type VideoHarness } from "../support/video-page";
import { makeWav } from "../support/wav";

/** A 1.5 s 440 Hz tone at half scale: loud where the clip plays. */
const TONE = makeWav(1.5, 44_100, 440, 16_384);

/**
 * Export → Animatic video on the built app: a three-shot board with a move on each shot, a
 * crossfade and a sound clip, exported as MP4 and WebM through the dialog and read back; a
 * cancelled export leaves no download and the project as it was; a browser without WebCodecs is
 * told so. The File System Access picker is removed, so the video comes as a download.
 */
const harness = startAppAndBrowserForFile({ OFFLINE_LATENCY_MS: "200" });
const NO_PICKER = "delete window.showSaveFilePicker;";
const perTest = freshPageForEachTest(() => harness.browser, { viewport: VIEWPORTS.laptop, acceptDownloads: true });

let reader: { page: Page; close(): Promise<void> };
beforeAll(async () => {
  reader = await openVideoPage(harness.browser);
}, 60_000);
afterAll(() => reader?.close());

/** A 1.5 s 440 Hz WAV, written in the page into the app's blob store. */
async function seedClip(page: Page): Promise<string> {
  return page.evaluate(async (bytes) => {
    const id = `clip-${crypto.randomUUID()}`;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("castboard-blobs");
      request.onupgradeneeded = () => request.result.createObjectStore("blobs");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction("blobs", "readwrite");
      tx.objectStore("blobs").put(new Blob([new Uint8Array(bytes)], { type: "audio/wav" }), id);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return id;
  }, [...TONE]);
}

/** Three 2 s shots: push in and crossfade, pan left with a clip, pull out. */
async function openAnimaticBoard(page: Page): Promise<string> {
  await page.goto(`${harness.app.url}/api/health`);
  const refs = await seedImages(page, 3);
  const clipId = await seedClip(page);
  const doc = boardDoc(refs);
  const moves = ["push-in", "pan-left", "pull-out"] as const;
  doc.panels = doc.panels.map((panel, i) => ({
    ...panel,
    shot: { ...panel.shot, durationSec: 2 },
    animatic: {
      ...DEFAULT_PANEL_ANIMATIC,
      move: { kind: moves[i]! },
      transition: { kind: i === 0 ? "crossfade" : "cut", durationSec: 0.5 },
      clip: i === 1 ? { audio: { blobId: clipId, type: "audio/wav", fileName: "line.wav", bytes: 132344, durationSec: 1.5 }, volume: 1 } : null,
    },
  }));
  const id = randomUUID();
  const now = Date.now();
  await putState(page, [
    [`meta:${id}`, { id, name: "Harbour chase", createdAt: now, updatedAt: now, panelCount: 3, deletedAt: null }],
    [`project:${id}`, { rev: 1, writer: "castboard-test", savedAt: now, doc }],
    ["last-project", id],
  ]);
  await page.goto(harness.app.url);
  await page.waitForFunction(() => document.querySelector("#board-heading span")?.textContent === "3", null, { timeout: 30_000 });
  return id;
}

async function projectPanels(page: Page, id: string): Promise<string> {
  return page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("castboard-state");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const record = await new Promise<{ doc: { panels: unknown } }>((resolve, reject) => {
      const request = db.transaction("state").objectStore("state").get(key);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return JSON.stringify(record.doc.panels);
  }, `project:${id}`);
}

async function openVideoExport(page: Page) {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByText("Animatic video", { exact: true }).click();
  return dialog;
}

async function exportVideoFile(page: Page, setup: (dialog: ReturnType<Page["getByTestId"]>) => Promise<void>) {
  const dialog = await openVideoExport(page);
  await setup(dialog);
  await dialog.getByTestId("video-plan").filter({ hasText: "video," }).waitFor();
  const plan = await dialog.getByTestId("video-plan").innerText();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
  const bytes = readFileSync((await download.path())!);
  await dialog.getByTestId("export-done").waitFor();
  await page.keyboard.press("Escape");
  return { plan, name: download.suggestedFilename(), bytes: [...bytes] };
}

const describeFile = (bytes: number[]) =>
  reader.page.evaluate((b) => (window as unknown as { videoHarness: VideoHarness }).videoHarness.describeFile(b), bytes);

describe("Export → Animatic video", () => {
  it("journey: moves, a crossfade and a clip set in the inspector, exported as MP4 and WebM, both decode to what was set", async () => {
    const page = perTest.page;
    await perTest.context.addInitScript(NO_PICKER);
    await openApp(page, harness.app.url);
    for (const caption of ["Harbour at dawn", "The chase starts", "Caught"]) await addCaptionedPanel(page, caption);
    const moves = ["push-in", "pan-left", "pull-out"] as const;
    for (const [i, move] of moves.entries()) {
      await selectShot(page, i + 1);
      await page.getByLabel("Camera move", { exact: true }).selectOption(move);
      // Short shots keep the encode quick; the checks below are about what was set, not length.
      await page.getByLabel("Duration in seconds").fill("1.5");
      if (i === 0) await page.getByLabel("Transition into shot 2").selectOption("crossfade");
      if (i === 1) {
        await page.getByLabel("Sound clip", { exact: true }).setInputFiles({ name: "line.wav", mimeType: "audio/wav", buffer: Buffer.from(TONE) });
        await page.getByTestId("panel-sound").getByTestId("clip-name").filter({ hasText: "line.wav" }).waitFor();
      }
    }
    await page.getByTestId("animatic-tag").filter({ hasText: "Push in · Crossfade" }).waitFor();

    const mp4 = await exportVideoFile(page, async (dialog) => {
      await screenshot(page, "animatic-video-options-laptop");
      expect(await dialog.getByLabel("File type").inputValue()).toBe("mp4");
    });
    expect(mp4.name).toMatch(/-animatic\.mp4$/);
    expect(mp4.plan).toContain("1280 × 720 (16:9");
    expect(mp4.plan).toContain("H.264 video, Opus audio");
    expect(mp4.plan).toContain("The MP4's sound is Opus");
    const mp4File = await describeFile(mp4.bytes);
    // Three shots of 1.5 s: the sum of the durations, to the frame.
    expect(mp4File).toMatchObject({ videoCodec: "avc", width: 1280, height: 720, frames: 4.5 * 24, audio: { codec: "opus" } });
    expect(Math.abs(mp4File.videoDuration - 4.5)).toBeLessThanOrEqual(1 / 24);
    // The clip plays under shot 2 (1.5 s to 3 s, in half seconds 3 to 5) and nowhere else.
    expect(mp4File.audioPeak[1]).toBeLessThan(0.02);
    expect(mp4File.audioPeak[4]).toBeGreaterThan(0.2);
    expect(mp4File.audioPeak[7]).toBeLessThan(0.02);

    const webm = await exportVideoFile(page, async (dialog) => {
      await dialog.getByLabel("File type").selectOption("webm");
      await dialog.getByLabel("Frame rate").selectOption("30");
      await dialog.getByLabel("Title card (adds 2 s)").check();
    });
    expect(webm.name).toMatch(/-animatic\.webm$/);
    expect(webm.plan).toContain("VP9 video, Opus audio");
    const webmFile = await describeFile(webm.bytes);
    // The title card adds 2 s in front.
    expect(webmFile).toMatchObject({ videoCodec: "vp9", width: 1280, height: 720, frames: 6.5 * 30, audio: { codec: "opus" } });
    expect(webmFile.fps).toBeCloseTo(30, 0);
    expect(Math.abs(webmFile.videoDuration - 6.5)).toBeLessThanOrEqual(1 / 30);
  }, 300_000);

  it("cancelled midway: no download, no file, the project unchanged", async () => {
    const page = perTest.page;
    await perTest.context.addInitScript(NO_PICKER);
    const id = await openAnimaticBoard(page);
    const before = await projectPanels(page, id);
    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.suggestedFilename()));
    const dialog = await openVideoExport(page);
    await dialog.getByRole("combobox", { name: /^Size/ }).selectOption("1080");
    await dialog.getByTestId("video-plan").filter({ hasText: "video," }).waitFor();
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    // Cancel once the encoder is on its way: the time left shows.
    await dialog.getByTestId("export-progress").filter({ hasText: "left" }).waitFor({ timeout: 60_000 });
    await screenshot(page, "animatic-video-progress-laptop");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.getByTestId("export-progress").waitFor({ state: "detached" });
    expect(await dialog.getByTestId("export-done").count()).toBe(0);
    expect(await dialog.getByTestId("export-error").count()).toBe(0);
    // A finished export would have downloaded by now; nothing came and nothing comes.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(downloads).toEqual([]);
    expect(await projectPanels(page, id)).toBe(before);
  }, 300_000);

  it("without WebCodecs the dialog says so and will not start", async () => {
    const page = perTest.page;
    await perTest.context.addInitScript("delete window.VideoEncoder; delete window.AudioEncoder;");
    await openAnimaticBoard(page);
    const dialog = await openVideoExport(page);
    await expect.poll(() => dialog.getByTestId("video-unsupported").innerText()).toContain("This browser cannot encode video");
    expect(await dialog.getByRole("button", { name: "Export", exact: true }).isDisabled()).toBe(true);
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, "animatic-video-unsupported-phone");
  }, 120_000);
});

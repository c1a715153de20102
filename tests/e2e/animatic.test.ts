import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import type { TimelinePanel } from "@/lib/animatic/timeline";
import { SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import {
  canvasDifference,
  dragOnFrame,
  frameRect,
  keepShotImages,
  openSampleBoard,
  presentationTime,
  seekTo,
  waitForFrame,
} from "../support/animatic-page";
import { screenshot } from "../support/browser";
import { loadModule } from "../support/browser-bundle";
import { selectShot } from "../support/board-page";
import { reloadWhenSaved } from "../support/cast-page";
import { makeWav } from "../support/wav";

const harness = startAppAndBrowserForFile();
let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function freshPage(viewport: { width: number; height: number }): Promise<Page> {
  // The test draws the expected frames with the app's own timeline code, added as a script.
  context = await harness.browser.newContext({ viewport, bypassCSP: true });
  return context.newPage();
}

/** Shot 1 pushes in and crossfades into shot 2 over a second, set through the inspector. */
async function pushInAndCrossfade(page: Page): Promise<void> {
  await selectShot(page, 1);
  await page.getByLabel("Camera move", { exact: true }).selectOption("push-in");
  await page.getByLabel("Transition into shot 2").selectOption("crossfade");
  await page.getByLabel("Transition length in seconds").fill("1");
}

/** The sample's timeline as the test expects it after pushInAndCrossfade. */
const TIMELINE: TimelinePanel[] = SAMPLE_SHOTS.map((shot, i) => ({
  durationSec: shot.durationSec,
  move: { kind: i === 0 ? "push-in" : "none" },
  transition: i === 0 ? { kind: "crossfade", durationSec: 1 } : { kind: "cut", durationSec: 0.5 },
}));

describe("animatic editing", () => {
  it("sets a move and a transition, draws start and end frames with the pointer and the keyboard, undoes a drag in one step, and keeps it all across a reload", async () => {
    const page = await freshPage(LAPTOP);
    await openSampleBoard(page, harness.app.url);
    await pushInAndCrossfade(page);
    const card = page.getByTestId("panel-card").first().getByTestId("animatic-tag");
    await card.getByText("Push in · Crossfade").waitFor();
    expect(await card.getAttribute("title")).toBe("Animatic: camera move push in, crossfade of 1 second into the next shot");
    expect(await page.getByText("1.0 s", { exact: true }).count()).toBe(1);
    await page.getByTestId("animatic-section").scrollIntoViewIfNeeded();
    await page.getByTestId("animatic-section").screenshot({ path: await screenshot(page, "animatic-inspector-laptop") });

    // The last shot has nothing to cross into.
    await selectShot(page, SAMPLE_SHOTS.length);
    await page.getByTestId("last-shot-transition").waitFor();
    expect(await page.getByLabel(/^Transition into/).count()).toBe(0);

    await selectShot(page, 2);
    await page.getByLabel("Camera move", { exact: true }).selectOption("custom");
    await page.getByTestId("frame-editor").waitFor();
    // From no move, the drawn frames start as a gentle push-in to edit.
    expect(await frameRect(page, "from")).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    expect(await frameRect(page, "to")).toEqual({ x: 0.1, y: 0.1, width: 0.8, height: 0.8 });
    expect(await page.getByRole("radio", { name: "Start frame" }).isChecked()).toBe(true);

    // Drawn with the pointer: the frame keeps the image's shape (the larger side of the drag wins).
    await dragOnFrame(page, { x: 0.1, y: 0.1 }, { x: 0.6, y: 0.45 });
    await waitForFrame(page, "from", { x: 0.1, y: 0.1, width: 0.5, height: 0.5 });
    // Moved by dragging inside it, stopping at the image's edge.
    await dragOnFrame(page, { x: 0.3, y: 0.3 }, { x: 0.9, y: 0.35 });
    await waitForFrame(page, "from", { x: 0.5, y: 0.15, width: 0.5, height: 0.5 });
    // Each drag is one undo step.
    await page.getByRole("button", { name: "Undo board change" }).click();
    await waitForFrame(page, "from", { x: 0.1, y: 0.1, width: 0.5, height: 0.5 });
    await page.getByRole("button", { name: "Redo board change" }).click();
    await waitForFrame(page, "from", { x: 0.5, y: 0.15, width: 0.5, height: 0.5 });
    // Resized by its bottom-right corner, the top-left one staying put.
    await dragOnFrame(page, { x: 0.997, y: 0.647 }, { x: 0.8, y: 0.55 });
    await waitForFrame(page, "from", { x: 0.5, y: 0.15, width: 0.4, height: 0.4 });

    // The end frame with the keyboard: arrows move it, Shift and arrows resize it about its centre.
    await page.getByRole("radio", { name: "End frame" }).check();
    await page.getByTestId("frame-surface").focus();
    for (let n = 0; n < 3; n++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowLeft");
    await waitForFrame(page, "to", { x: 0.17, y: 0.11, width: 0.78, height: 0.78 }, 1e-6);
    expect(await page.getByTestId("frame-editor").screenshot({ path: await screenshot(page, "animatic-frame-editor-laptop") })).toBeTruthy();
    // The start frame was left alone.
    await waitForFrame(page, "from", { x: 0.5, y: 0.15, width: 0.4, height: 0.4 });
    await page.getByTestId("panel-card").nth(1).getByText("Drawn move").waitFor();

    await reloadWhenSaved(page);
    await selectShot(page, 2);
    expect(await page.getByLabel("Camera move", { exact: true }).inputValue()).toBe("custom");
    await waitForFrame(page, "to", { x: 0.17, y: 0.11, width: 0.78, height: 0.78 }, 1e-6);
    await waitForFrame(page, "from", { x: 0.5, y: 0.15, width: 0.4, height: 0.4 });
    await selectShot(page, 1);
    expect(await page.getByLabel("Camera move", { exact: true }).inputValue()).toBe("push-in");
    expect(await page.getByLabel("Transition into shot 2").inputValue()).toBe("crossfade");
    expect(await page.getByLabel("Transition length in seconds").inputValue()).toBe("1");
  });

  it("says what is wrong with a zero or empty shot length and keeps the last good one", async () => {
    const page = await freshPage(LAPTOP);
    await openSampleBoard(page, harness.app.url);
    await selectShot(page, 2);
    const seconds = page.getByLabel("Duration in seconds");
    await seconds.fill("0");
    await page.getByText("A shot cannot last 0 seconds: the animatic needs at least 0.5 s. Enter 0.5 to 120.").waitFor();
    expect(await seconds.getAttribute("aria-invalid")).toBe("true");
    await seconds.fill("");
    await page.getByText("Enter how long the shot lasts: 0.5 to 120 seconds.").waitFor();
    await seconds.blur();
    expect(await seconds.inputValue()).toBe("2.5");
    expect(await page.getByTestId("panel-card").nth(1).innerText()).toContain("2.5s");
  });
});

describe("presentation plays the animatic", () => {
  it("draws the same frames as drawFrame at any time it is sought to, and plays on from there", async () => {
    const page = await freshPage(LAPTOP);
    await openSampleBoard(page, harness.app.url);
    await pushInAndCrossfade(page);
    await keepShotImages(page, [1, 2], (shot) => selectShot(page, shot));
    await loadModule(page, "lib/animatic/timeline.ts", "AnimaticTimeline");
    await selectShot(page, 1);
    await page.getByRole("button", { name: "Present", exact: true }).click();
    const show = page.getByTestId("presentation");
    await show.waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes("Loading the pictures"));
    expect(await presentationTime(page)).toBe(0);

    // The middle of shot 1's push-in, before the crossfade begins at 2.5 s.
    await seekTo(page, 1.25);
    expect(await canvasDifference(page, TIMELINE, 1.25)).toBeLessThan(2);
    // The frame differs from the move's start enough for the comparison to mean something.
    expect(await canvasDifference(page, TIMELINE, 0)).toBeGreaterThan(8);
    expect(await page.getByTestId("timecode").innerText()).toBe("00:01.2");

    // The middle of the crossfade: shot 1 at the end of its push-in under half of shot 2.
    await seekTo(page, 3);
    expect(await canvasDifference(page, TIMELINE, 3)).toBeLessThan(2);
    expect(await canvasDifference(page, TIMELINE, 2.4)).toBeGreaterThan(8);
    expect(await page.getByTestId("presentation-shot").innerText()).toBe("Shot 2 of 5");
    await screenshot(page, "animatic-presentation-crossfade-laptop");

    await show.getByRole("button", { name: "Play", exact: true }).click();
    expect(await show.getAttribute("data-playing")).toBe("true");
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="presentation-stage"]')?.getAttribute("data-time")) > 3.4);
    await page.keyboard.press("p");
    await page.waitForFunction(() => document.querySelector('[data-testid="presentation"]')?.getAttribute("data-playing") === "false");
    const paused = await presentationTime(page);
    expect(paused).toBeGreaterThan(3.4);
    // Paused, the picture holds still and is what drawFrame gives for that moment.
    expect(await canvasDifference(page, TIMELINE, paused)).toBeLessThan(2);

    // Keyboard stepping goes to a shot's start.
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector('[data-testid="presentation-stage"]')?.getAttribute("data-time") === "5.500");
    await page.keyboard.press("Escape");
    await show.waitFor({ state: "detached" });
  });

  it("fits the frame editor and the presentation on a phone", async () => {
    const page = await freshPage(PHONE);
    await openSampleBoard(page, harness.app.url);
    await page.getByRole("button", { name: /^Shot 2(:|$)/ }).click();
    await page.getByRole("heading", { name: "Shot 2", exact: true }).waitFor();
    await page.getByLabel("Camera move", { exact: true }).selectOption("custom");
    await page.getByTestId("animatic-section").scrollIntoViewIfNeeded();
    await page.getByTestId("animatic-section").screenshot({ path: await screenshot(page, "animatic-frame-editor-phone") });
    await page.getByLabel("Transition into shot 3").selectOption("crossfade");
    const box = (await page.getByTestId("frame-surface").boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole("button", { name: "Board", exact: true }).click();
    await page.getByTestId("panel-card").nth(1).getByTestId("animatic-tag").getByText("Drawn move · Crossfade").waitFor();
    await page.getByTestId("panel-card").nth(1).getByRole("button", { name: "Shot 2 actions" }).click();
    await page.getByRole("menuitem", { name: "Present from here" }).click();
    await page.waitForFunction(() => !document.body.innerText.includes("Loading the pictures"));
    await seekTo(page, 5.5);
    await screenshot(page, "animatic-presentation-crossfade-phone");
    const stage = (await page.getByTestId("presentation-stage").boundingBox())!;
    expect(stage.width).toBeLessThanOrEqual(PHONE.width);
    await page.keyboard.press("Escape");
  });
});

describe("presentation sound", () => {
  it("decodes each file once, starts every sound at its offset from where playback starts, and names a clip that does not decode", async () => {
    const page = await freshPage(LAPTOP);
    await page.goto(harness.app.url, { waitUntil: "networkidle" });
    await loadModule(page, "lib/animatic/audio-player.ts", "AnimaticAudioModule");
    const result = await page.evaluate(async (toneBytes) => {
      // A second of 440 Hz as a 16-bit mono WAV, and bytes that are no sound at all, stored as the app stores blobs.
      const blobs: Record<string, Blob> = { tone: new Blob([new Uint8Array(toneBytes)], { type: "audio/wav" }), broken: new Blob([new Uint8Array(4000).fill(7)], { type: "audio/wav" }) };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open("castboard-blobs");
        open.onupgradeneeded = () => open.result.createObjectStore("blobs");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise((resolve, reject) => {
        const tx = db.transaction("blobs", "readwrite");
        for (const [id, blob] of Object.entries(blobs)) tx.objectStore("blobs").put(blob, `test-${id}`);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();

      let decodes = 0;
      const decode = BaseAudioContext.prototype.decodeAudioData;
      BaseAudioContext.prototype.decodeAudioData = function (this: BaseAudioContext, ...args: Parameters<typeof decode>) {
        decodes += 1;
        return decode.apply(this, args);
      } as typeof decode;
      const starts: { offset: number; duration: number }[] = [];
      const start = AudioBufferSourceNode.prototype.start;
      AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, when?: number, offset?: number, duration?: number) {
        starts.push({ offset: offset ?? 0, duration: duration ?? 0 });
        return start.call(this, when, offset, duration);
      };

      const clip = (id: string, fileName: string) => ({ audio: { blobId: `test-${id}`, type: "audio/wav" as const, fileName, bytes: 1, durationSec: 1 }, volume: 1 });
      const sounds = [
        { clip: clip("tone", "music.wav"), startSec: 0, maxSec: 1, shot: null },
        { clip: clip("tone", "line.wav"), startSec: 1, maxSec: 1, shot: 2 },
        { clip: clip("broken", "bang.wav"), startSec: 1.2, maxSec: 1, shot: 3 },
      ];
      const lib = (window as unknown as { AnimaticAudioModule: typeof import("@/lib/animatic/audio-player") }).AnimaticAudioModule;
      const audio = new lib.AnimaticAudio(sounds, (failed) => ((window as unknown as { __failed: unknown }).__failed = failed));
      audio.prepare();
      // Every file decoded (or not) before playback, so the starts below are exact.
      while (!(window as unknown as { __failed?: unknown }).__failed) await new Promise((resolve) => setTimeout(resolve, 20));
      const failed = (window as unknown as { __failed: unknown }).__failed;
      // Playback from 1.5 s: the soundtrack has ended, shot 2's line is half-way, shot 3's will not play.
      audio.start(1.5);
      // Buffers already decoded start within the same task's promise callbacks.
      while (starts.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      audio.close();
      return { failed, decodes, starts };
    }, [...makeWav(1, 48_000, 440, 12_000)]);
    expect(result.failed).toEqual([{ shot: 3, fileName: "bang.wav" }]);
    expect(result.decodes).toBe(2);
    expect(result.starts).toHaveLength(1);
    expect(result.starts[0]!.offset).toBeCloseTo(0.5, 2);
    expect(result.starts[0]!.duration).toBeCloseTo(0.5, 2);
  });
});

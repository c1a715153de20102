import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { GifReader } from "omggif";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, VIEWPORTS } from "../support/browser";
import { addCaptionedPanel, selectShot } from "../support/board-page";
import { openApp } from "../support/cast-page";
import { parseEdl } from "../support/edl-parse";
import { freshPageForEachTest } from "../support/fresh-page";
import { makeWav } from "../support/wav";

const harness = startAppAndBrowserForFile({});
const perTest = freshPageForEachTest(() => harness.browser, { viewport: VIEWPORTS.laptop, acceptDownloads: true });
const dir = mkdtempSync(path.join(tmpdir(), "castboard-sound-"));
const LINE = makeWav(4.2);
const THEME = makeWav(10, 8000, 220);
const PNG = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#0a0" } }).png().toBuffer();

const file = (name: string, mimeType: string, buffer: Uint8Array) => ({ name, mimeType, buffer: Buffer.from(buffer) });
const saved = (page: Page) => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();

/** Two shots of 3 s with captions, shot 1 selected. */
async function twoShots(page: Page) {
  await openApp(page, harness.app.url);
  await addCaptionedPanel(page, "The door opens");
  await addCaptionedPanel(page, "Nobody there");
  await selectShot(page, 1);
}

async function addClip(page: Page) {
  await page.getByLabel("Sound clip", { exact: true }).setInputFiles(file("line.wav", "audio/wav", LINE));
  await page.getByTestId("panel-sound").getByTestId("clip-name").filter({ hasText: "line.wav" }).waitFor();
}

async function addSoundtrack(page: Page) {
  await page.getByRole("button", { name: /^Soundtrack/ }).click();
  const popover = page.getByTestId("soundtrack-popover");
  await popover.getByLabel("Soundtrack", { exact: true }).setInputFiles(file("Theme (final).wav", "audio/wav", THEME));
  await popover.getByTestId("clip-name").filter({ hasText: "Theme (final).wav" }).waitFor();
  return popover;
}

async function exportAs(page: Page, label: string): Promise<{ bytes: Uint8Array; name: string }> {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByText(label, { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
  const target = path.join(mkdtempSync(path.join(dir, "export-")), download.suggestedFilename());
  await download.saveAs(target);
  await dialog.getByTestId("export-done").waitFor();
  await page.keyboard.press("Escape");
  return { bytes: new Uint8Array(readFileSync(target)), name: download.suggestedFilename() };
}

describe("sound in the animatic", () => {
  it("adds a clip to a shot, shows its name, length and fit, keeps its volume across a reload, and refuses wrong files without losing it", async () => {
    const page = perTest.page;
    await twoShots(page);
    await addClip(page);
    const sound = page.getByTestId("panel-sound");
    expect(await sound.getByTestId("clip-length").innerText()).toBe("4.2 s · 67.2 KB");
    expect(await sound.getByTestId("clip-fit").innerText()).toBe("Longer than the shot: plays 1.2 s into the next shot.");
    await sound.getByLabel("Sound clip volume").fill("50");
    expect(await sound.getByTestId("clip-volume").innerText()).toBe("50%");
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, "animatic-sound-section-1440");
    await saved(page);

    await page.reload({ waitUntil: "networkidle" });
    await selectShot(page, 1);
    await sound.getByTestId("clip-name").waitFor();
    expect(await sound.getByTestId("clip-name").innerText()).toBe("line.wav");
    expect(await sound.getByTestId("clip-volume").innerText()).toBe("50%");

    // A PNG called .mp3, then a WAV cut short: each says what is wrong, and line.wav stays.
    await sound.getByLabel("Sound clip", { exact: true }).setInputFiles(file("beep.mp3", "audio/mpeg", PNG));
    await sound.getByTestId("clip-error").filter({ hasText: "“beep.mp3” is a PNG image, not a sound file, whatever its name says. Choose a WAV, MP3, OGG or M4A file." }).waitFor();
    await sound.getByLabel("Sound clip", { exact: true }).setInputFiles(file("cut.wav", "audio/wav", makeWav(2).subarray(0, 9000)));
    await sound.getByTestId("clip-error").filter({ hasText: "“cut.wav” is a WAV file that is cut short" }).waitFor();
    expect(await sound.getByTestId("clip-name").innerText()).toBe("line.wav");
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Shot 1" }).click();
    await sound.scrollIntoViewIfNeeded();
    await screenshot(page, "animatic-sound-section-390");

    // Removing is one undo step.
    await sound.getByRole("button", { name: "Remove the sound clip" }).click();
    await sound.getByRole("button", { name: "Add a sound clip" }).waitFor();
    await page.keyboard.press("Control+z");
    await sound.getByTestId("clip-name").filter({ hasText: "line.wav" }).waitFor();
  });

  it("adds, reports and removes the board's soundtrack", async () => {
    const page = perTest.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await twoShots(page);
    const popover = await addSoundtrack(page);
    expect(await popover.getByTestId("clip-length").innerText()).toBe("10.0 s · 160 KB");
    expect(await popover.getByTestId("clip-fit").innerText()).toBe("The board runs 6.0 s: the last 4.0 s of the soundtrack is cut.");
    await popover.getByLabel("Soundtrack volume").fill("40");
    expect(await popover.getByTestId("clip-volume").innerText()).toBe("40%");
    await screenshot(page, "animatic-soundtrack-1440");
    await page.setViewportSize(VIEWPORTS.phone);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Board" }).click();
    if (!(await popover.isVisible())) await page.getByRole("button", { name: /^Soundtrack/ }).click();
    await popover.waitFor();
    await screenshot(page, "animatic-soundtrack-390");
    await page.setViewportSize({ width: 1440, height: 900 });
    await saved(page);
    await page.reload({ waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Soundtrack: Theme (final).wav" }).click();
    await popover.getByRole("button", { name: "Remove the soundtrack" }).click();
    await popover.getByRole("button", { name: "Add a soundtrack" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Soundtrack", exact: true }).waitFor();
  });

  it("exports the animatic as a GIF and as an edit list with the images and sounds, and the bundle keeps the sound", async () => {
    const page = perTest.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await twoShots(page);
    await addClip(page);
    await addSoundtrack(page);
    await page.keyboard.press("Escape");

    // Options, as the user sees them.
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const dialog = page.getByTestId("export-dialog");
    await dialog.getByText("GIF", { exact: true }).click();
    expect(await dialog.getByTestId("gif-estimate").innerText()).toMatch(/^480 × 270 at 10 frames a second, looping; 2 frames/);
    await screenshot(page, "animatic-gif-options-1440");
    await dialog.getByText("Edit list (EDL + media)", { exact: true }).click();
    await dialog.getByTestId("edl-options").waitFor();
    await screenshot(page, "animatic-edl-options-1440");
    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, "animatic-edl-options-390");
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 1440, height: 900 });

    const gif = await exportAs(page, "GIF");
    expect(gif.name).toBe("my-storyboard-480.gif");
    const reader = new GifReader(gif.bytes);
    expect([reader.width, reader.height, reader.numFrames(), reader.loopCount()]).toEqual([480, 270, 2, 0]);
    expect([0, 1].map((i) => reader.frameInfo(i).delay)).toEqual([300, 300]);

    const edl = await exportAs(page, "Edit list (EDL + media)");
    expect(edl.name).toBe("my-storyboard-edit-list.zip");
    const files = unzipSync(edl.bytes);
    expect(Object.keys(files).sort()).toEqual(["README.txt", "my-storyboard.edl", "shot-001-line.wav", "shot-001.png", "shot-002.png", "soundtrack-theme-final.wav"]);
    expect(files["shot-001-line.wav"]).toEqual(LINE);
    expect(files["soundtrack-theme-final.wav"]).toEqual(THEME);
    expect([...files["shot-002.png"]!.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(strFromU8(files["README.txt"]!)).toContain("File > Import > Timeline");
    const parsed = parseEdl(strFromU8(files["my-storyboard.edl"]!), 24);
    const hour = 3600 * 24;
    expect(parsed).toMatchObject({ title: "My storyboard", fcm: "NON-DROP FRAME" });
    expect(parsed.events.map((e) => [e.lines.map((l) => [l.reel, l.track, l.kind, l.recIn - hour, l.recOut - hour]), e.comments])).toEqual([
      [[["SHOT001", "V", "C", 0, 72]], ["FROM CLIP NAME: shot-001.png"]],
      [[["SHOT002", "V", "C", 72, 144]], ["FROM CLIP NAME: shot-002.png"]],
      [[["SNDTRACK", "A", "C", 0, 144]], ["FROM CLIP NAME: soundtrack-theme-final.wav"]],
      [[["SND001", "A2", "C", 0, 101]], ["FROM CLIP NAME: shot-001-line.wav"]],
    ]);

    const bundle = await exportAs(page, "Project bundle (ZIP)");
    const entries = unzipSync(bundle.bytes);
    const audio = Object.keys(entries).filter((name) => name.startsWith("audio/"));
    expect(audio).toHaveLength(2);
    expect(audio.map((name) => entries[name]!.length).sort((a, b) => a - b)).toEqual([LINE.length, THEME.length]);
  });
});

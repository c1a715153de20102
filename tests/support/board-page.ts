import type { Page } from "playwright-core";
import { SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { openApp } from "./cast-page";

/** Helpers for the storyboard and the composer. */
export async function addPanel(page: Page, prompt: string): Promise<void> {
  const before = await page.getByTestId("panel-card").count();
  await page.getByRole("button", { name: /^Add (a )?panel$/ }).first().click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel-card"]').length === n + 1, before);
  await page.getByLabel("Scene prompt").fill(prompt);
}

export async function selectShot(page: Page, number: number): Promise<void> {
  await page.getByRole("button", { name: new RegExp(`^Shot ${number}(:|$)`) }).click();
  await page.getByRole("heading", { name: `Shot ${number}`, exact: true }).waitFor();
}

export async function waitForTakes(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="take"]').length === n, count, { timeout });
}

export async function waitForStatus(page: Page, statuses: string[], timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => [...document.querySelectorAll('[data-testid="panel-status"]')].some((el) => wanted.includes(el.getAttribute("data-status") ?? "")),
    statuses,
    { timeout },
  );
}

/** Proxy calls that initiated an upload, read from the page's own requests. */
export function watchUploads(page: Page): { count(): number } {
  let uploads = 0;
  page.on("request", (request) => {
    if (request.url().endsWith("/api/fal/proxy") && request.headers()["x-fal-target-url"]?.includes("/storage/upload/initiate")) uploads += 1;
  });
  return { count: () => uploads };
}

/** Captions of the board's panels in order, as shown on their cards. */
export async function boardCaptions(page: Page): Promise<string[]> {
  return page.getByTestId("panel-caption").allInnerTexts();
}

export async function addCaptionedPanel(page: Page, caption: string): Promise<void> {
  const before = await page.getByTestId("panel-card").count();
  await page.getByRole("button", { name: /^Add (a )?panel$/ }).first().click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="panel-card"]').length === n + 1, before);
  await page.getByLabel("Action / caption").fill(caption);
}

export async function waitForCaptions(page: Page, captions: string[]): Promise<void> {
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('[data-testid="panel-caption"]')].map((e) => (e as HTMLElement).innerText)) === JSON.stringify(want),
    captions,
    { timeout: 10_000 },
  );
}

/** The selected shot's error box once it shows: its kind (data-kind) and what it says. */
export async function waitForPanelError(page: Page, timeout = 30_000): Promise<{ kind: string; text: string }> {
  const box = page.getByTestId("panel-error");
  await box.waitFor({ timeout });
  return { kind: (await box.getAttribute("data-kind")) ?? "", text: await box.innerText() };
}

/** Every shot's scene prompt and number of takes, read by selecting each shot in turn. */
export async function shotSummaries(page: Page): Promise<{ prompt: string; takes: number }[]> {
  const count = await page.getByTestId("panel-card").count();
  const shots: { prompt: string; takes: number }[] = [];
  for (let n = 1; n <= count; n++) {
    shots.push({ prompt: await promptOf(page, n), takes: await page.getByTestId("take").count() });
  }
  return shots;
}

async function promptOf(page: Page, shot: number): Promise<string> {
  await selectShot(page, shot);
  return page.getByLabel("Scene prompt").inputValue();
}

/** The app opened in `page` with the sample character and an empty board. */
export async function openWithSampleCharacter(page: Page, url: string): Promise<void> {
  await openApp(page, url);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="character-card"]').length === 1);
  await page.getByTestId("board-empty").waitFor();
}

/** The sample character and a board of panels with these captions, in this order. */
export async function openBoardWithCaptions(page: Page, url: string, captions: string[]): Promise<void> {
  await openWithSampleCharacter(page, url);
  for (const caption of captions) await addCaptionedPanel(page, caption);
  await waitForCaptions(page, captions);
}

/** The sample storyboard, opened in one click, with every shot's image drawn and shown and the project saved. */
export async function openSampleStoryboard(page: Page, url: string): Promise<void> {
  await openApp(page, url);
  await page.getByTestId("cast-empty").getByRole("button", { name: "Sample storyboard" }).click();
  await waitForCaptions(page, SAMPLE_SHOTS.map((s) => s.caption));
  // Each shot's image is drawn on the server and arrives on its own.
  await page.waitForFunction(
    (n) => {
      const images = [...document.querySelectorAll<HTMLImageElement>('[data-testid="panel-card"] img')];
      return images.length === n && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    SAMPLE_SHOTS.length,
    { timeout: 30_000 },
  );
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
}

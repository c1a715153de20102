import type { Page } from "playwright-core";
import type { Fixture } from "../fixtures/generate";

/** Small helpers for driving the cast panel the way a person does. */
export const MIME: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", pdf: "application/pdf", gif: "image/gif", svg: "image/svg+xml", heic: "image/heic" };

const mimeOf = (name: string) => MIME[name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";

/** The app opened and ready for input: its project loaded from IndexedDB and React's handlers attached. */
export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "networkidle" });
  await page.getByRole("heading", { name: /^Cast( \d+)?$/ }).waitFor();
  await page.locator('[data-hydrated="true"]').waitFor();
}

export async function chooseFiles(page: Page, files: Fixture[]): Promise<void> {
  await page.getByLabel("Choose character images").setInputFiles(files.map((f) => ({ name: f.name, mimeType: mimeOf(f.name), buffer: f.bytes })));
}

async function dispatchWithFiles(page: Page, kind: "paste" | "drop", files: Fixture[]): Promise<void> {
  await page.evaluate(
    ({ kind, files }) => {
      const transfer = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name, { type: f.type }));
      }
      if (kind === "paste") {
        document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true }));
        return;
      }
      const zone = document.querySelector('section[aria-labelledby="cast-heading"]')!;
      for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { kind, files: files.map((f) => ({ name: f.name, type: mimeOf(f.name), base64: f.bytes.toString("base64") })) },
  );
}

export const pasteFiles = (page: Page, files: Fixture[]) => dispatchWithFiles(page, "paste", files);
export const dropFiles = (page: Page, files: Fixture[]) => dispatchWithFiles(page, "drop", files);

export async function characterNames(page: Page): Promise<string[]> {
  return page.getByTestId("character-card").locator("span.truncate").allInnerTexts();
}

export async function waitForCharacters(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="character-card"]').length === n, count);
}

export async function waitIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[role="status"] .animate-spin'));
}

/** Reloads the way a careful person does: once the app says its changes are saved. */
export async function reloadWhenSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  await page.reload({ waitUntil: "networkidle" });
}

/** Waits until no character card is still finding its automatic mask. */
export async function waitForMaskProposals(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="mask-status"]')].every((e) => !e.textContent?.startsWith("Finding")));
}

/** Once the proposal has landed, the selected character goes back to no mask (a blank painter). */
export async function chooseNoMask(page: Page): Promise<void> {
  await waitForMaskProposals(page);
  const noMask = page.getByRole("button", { name: "Use no mask" });
  if (await noMask.isVisible()) await noMask.click();
  await page.getByRole("button", { name: "Paint mask" }).waitFor();
}

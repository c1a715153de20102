import { createHash } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewView } from "@/lib/review/review-types";
import { SAMPLE_PROJECT_NAME, SAMPLE_SHOTS } from "@/lib/samples/sample-storyboard";
import { boardCaptions, openSampleStoryboard, selectShot } from "../support/board-page";
import { launchChromium, screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startPostgres, type RunningPostgres } from "../support/postgres";
import { startApp, type RunningApp } from "../support/servers";

/**
 * "Share for review" from the board, against the built app with its review database in a real
 * Postgres, so storage can go down and come back mid-publish.
 */
let postgres: RunningPostgres;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [postgres, browser] = await Promise.all([startPostgres(), launchChromium()]);
  app = await startApp({ DATABASE_URL: postgres.url });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await postgres?.stop();
});

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** SHA-256 of each panel's chosen image as this browser stores it, in board order, read from IndexedDB. */
async function storedImageHashes(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const read = (name: string, store: string) =>
      new Promise<IDBObjectStore>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result.transaction(store).objectStore(store));
        request.onerror = () => reject(request.error);
      });
    const all = <T,>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
    const state = await read("castboard-state", "state");
    const key = (await all(state.getAllKeys())).find((k) => String(k).startsWith("project:"));
    const saved = (await all(state.get(key!))) as { doc: { panels: { chosen: { takeId: string; imageIndex: number }; takes: { id: string; images: { blobId: string }[] }[] }[] } };
    const ids = saved.doc.panels.map((p) => p.takes.find((t) => t.id === p.chosen.takeId)!.images[p.chosen.imageIndex]!.blobId);
    const hashes: string[] = [];
    for (const id of ids) {
      const blob = (await all((await read("castboard-blobs", "blobs")).get(id))) as Blob;
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
      hashes.push(Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
    }
    return hashes;
  });
}

/** Counts the image uploads the page makes. */
function watchImageUploads(page: Page): { count(): number } {
  let puts = 0;
  page.on("request", (request) => {
    if (request.method() === "PUT" && new URL(request.url()).pathname.startsWith("/api/reviews/images/")) puts += 1;
  });
  return { count: () => puts };
}

const reviewOf = async (token: string): Promise<ReviewView> => {
  const response = await fetch(`${app.url}/api/review/${token}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ReviewView;
};

async function publish(page: Page): Promise<{ url: string; version: string }> {
  const dialog = page.getByTestId("share-dialog");
  await dialog.getByRole("button", { name: "Publish", exact: true }).click();
  await dialog.getByTestId("share-link").waitFor({ timeout: 20_000 });
  return { url: await dialog.getByTestId("share-link").inputValue(), version: await dialog.getByTestId("share-version").innerText() };
}

describe("share for review", () => {
  it("publishes the sample board as version 1, then version 2 to the same link after a caption change, uploading no image again", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const watched = watchPage(page);
    const uploads = watchImageUploads(page);
    await openSampleStoryboard(page, app.url);
    const stored = await storedImageHashes(page);

    await page.getByRole("button", { name: "Share for review" }).click();
    const dialog = page.getByTestId("share-dialog");
    // A first share offers no link to reuse: it makes one.
    await dialog.getByLabel("Link expires").waitFor();
    expect(await dialog.getByRole("radio").count()).toBe(0);
    await screenshot(page, "review-share-dialog-laptop");
    const first = await publish(page);
    expect(first.version).toMatch(/^Version 1 published \(5 images uploaded\)/);
    expect(first.url).toMatch(new RegExp(`^${app.url}/review/[\\w-]+$`));
    await screenshot(page, "review-share-published-laptop");
    expect(uploads.count()).toBe(SAMPLE_SHOTS.length);

    // What a reviewer's link opens: the board as shown, its images byte for byte.
    const token = first.url.split("/review/")[1]!;
    const view = await reviewOf(token);
    expect(view.title).toBe(SAMPLE_PROJECT_NAME);
    expect(view.version.number).toBe(1);
    const panels = view.version.snapshot.panels;
    expect(panels.map((p) => p.caption)).toEqual(SAMPLE_SHOTS.map((s) => s.caption));
    expect(panels.map((p) => p.shot)).toEqual(SAMPLE_SHOTS.map((s) => ({ size: s.size, angle: s.angle, durationSec: s.durationSec })));
    expect(panels.map((p) => p.balloons.map(({ speaker, text, x, y }) => ({ speaker, text, x, y })))).toEqual(
      SAMPLE_SHOTS.map((s) => (s.line ? [{ speaker: "Ferris", ...s.line }] : [])),
    );
    expect(panels.map((p) => p.image?.hash)).toEqual(stored);
    for (const panel of panels) {
      const response = await fetch(`${app.url}/api/review/${token}/images/${panel.image!.hash}`);
      expect(response.headers.get("content-type")).toBe(panel.image!.type);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(bytes.byteLength).toBe(panel.image!.bytes);
      expect(sha(bytes)).toBe(panel.image!.hash);
    }
    // Nothing of the author's own: no prompts, no notes, no cast ids.
    expect(JSON.stringify(view)).not.toContain(SAMPLE_SHOTS[0]!.prompt);

    await dialog.getByRole("button", { name: "Close sharing" }).click();
    await selectShot(page, 1);
    await page.getByLabel("Action / caption").fill("Dawn. Ferris oversleeps.");
    await page.getByRole("button", { name: "Share for review" }).click();
    const same = dialog.getByRole("radio", { name: "Publish version 2 to the same link" });
    await same.waitFor();
    expect(await same.isChecked()).toBe(true);
    // The link's expiry was set when it was made.
    expect(await dialog.getByLabel("Link expires").count()).toBe(0);
    const second = await publish(page);
    expect(second.version).toMatch(/^Version 2 published \(no new images\)/);
    expect(second.url).toBe(first.url);
    expect(uploads.count()).toBe(SAMPLE_SHOTS.length);
    const updated = await reviewOf(token);
    expect(updated.version.number).toBe(2);
    expect(updated.versions.map((v) => v.number).sort()).toEqual([1, 2]);
    expect(updated.version.snapshot.panels.map((p) => p.caption)).toEqual(["Dawn. Ferris oversleeps.", ...SAMPLE_SHOTS.slice(1).map((s) => s.caption)]);

    await page.setViewportSize(VIEWPORTS.phone);
    await screenshot(page, "review-share-published-phone");
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("while storage is down, says so and retries with the board untouched, then publishes once it is back", async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.laptop });
    await openSampleStoryboard(page, app.url);
    await page.getByRole("button", { name: "Share for review" }).click();
    const dialog = page.getByTestId("share-dialog");
    await dialog.getByLabel("Link expires").selectOption({ label: "In 7 days" });
    await postgres.kill();
    try {
      await dialog.getByRole("button", { name: "Publish", exact: true }).click();
      await dialog.getByTestId("share-progress").filter({ hasText: /Storage is unavailable; retrying in \d s…/ }).waitFor({ timeout: 15_000 });
      await screenshot(page, "review-share-retrying");
      expect(await boardCaptions(page)).toEqual(SAMPLE_SHOTS.map((s) => s.caption));
      expect(await page.getByTestId("panel-card").count()).toBe(SAMPLE_SHOTS.length);
    } finally {
      await postgres.restart();
    }
    await dialog
      .getByTestId("share-link")
      .waitFor({ timeout: 20_000 })
      .catch(async (error: unknown) => {
        throw new Error(`not published after storage came back: ${await dialog.innerText()}`, { cause: error });
      });
    expect(await dialog.getByTestId("share-version").innerText()).toMatch(/^Version 1 published/);
    const view = await reviewOf((await dialog.getByTestId("share-link").inputValue()).split("/review/")[1]!);
    expect(view.version.snapshot.panels).toHaveLength(SAMPLE_SHOTS.length);
    await page.close();
  });
});

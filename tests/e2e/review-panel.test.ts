import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ShareDetail } from "@/lib/review/review-types";
import { screenshot, watchPage } from "../support/browser";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { openApp } from "../support/cast-page";
import { panelImage, snapshotPanel } from "../support/review-fixtures";
import { publishOverHttp } from "../support/review-http";

const harness = startAppAndBrowserForFile();
const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * The sample project, opened in one click, then the Reviews panel: its id read from the request
 * the panel makes, its panels' ids from the cards.
 */
async function openSampleAndReviews(page: Page): Promise<{ projectId: string; panelIds: string[] }> {
  await openApp(page, harness.app.url);
  await page.getByTestId("cast-empty").getByRole("button", { name: "Sample storyboard" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"]').length === 5);
  const poll = page.waitForRequest((r) => r.url().includes("/api/reviews?projectId="));
  await page.getByRole("button", { name: /^Reviews/ }).click();
  const projectId = new URL((await poll).url()).searchParams.get("projectId")!;
  const panelIds = await page.$$eval('[data-testid="panel-card"]', (cards) => cards.map((c) => c.getAttribute("data-panel-id")!));
  return { projectId, panelIds };
}

/** As the publish dialog does: the link is kept in this browser, since the server holds only its hash. */
async function keepLinkInBrowser(page: Page, projectId: string, shareId: string, url: string) {
  await page.evaluate(
    ({ key, link }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("castboard-review-links");
        open.onupgradeneeded = () => open.result.createObjectStore("links");
        open.onsuccess = () => {
          const tx = open.result.transaction("links", "readwrite");
          tx.objectStore("links").put([link], key);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { key: `links:${projectId}`, link: { shareId, url, createdAt: new Date().toISOString() } },
  );
}

const send = (method: string, path: string, body: unknown) =>
  fetch(new URL(path, harness.app.url), { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => {
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? undefined : r.json();
  });

const detailOf = async (shareId: string) => (await (await fetch(`${harness.app.url}/api/reviews/${shareId}`)).json()) as ShareDetail;

// The review database opens (and migrates) on its first request: not a cost for the tests to wait on.
beforeAll(async () => {
  expect((await fetch(`${harness.app.url}/api/reviews?projectId=warm-up`)).status).toBe(200);
});

describe("the author's Reviews panel", () => {
  it("shows reviewers' comments and statuses as they come, lets the author reply, resolve and revoke", async () => {
    const context = await harness.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    const watched = watchPage(page);
    const { projectId, panelIds } = await openSampleAndReviews(page);

    // Before any link: the panel says how to get one.
    const reviews = page.getByRole("button", { name: /^Reviews/ });
    const sheet = page.getByRole("dialog", { name: "Reviews" });
    await sheet.getByText("Share for review to get a link; comments appear here.").waitFor();
    await page.getByRole("button", { name: "Close reviews" }).click();

    const images = await Promise.all(panelIds.map((_, i) => panelImage(i)));
    const published = await publishOverHttp(harness.app.url, {
      projectId,
      snapshot: { title: "Ferris at dawn", panels: panelIds.map((id, i) => snapshotPanel(id, images[i]!, `Shot ${i + 1}`)) },
      images,
    });
    const link = `${harness.app.url}${published.path}`;
    await keepLinkInBrowser(page, projectId, published.shareId, link);
    const reviewer = `/api/review/${published.token}`;
    const [second, first] = [panelIds[1]!, panelIds[0]!];
    const framing = await send("POST", `${reviewer}/comments`, { version: 1, panelId: second, name: "Ana", body: "Tighter framing <b>here</b>" });
    await send("POST", `${reviewer}/comments`, { version: 1, panelId: second, name: "Ben", body: "Agree, and warmer light." });
    await send("POST", `${reviewer}/comments`, { version: 1, panelId: first, name: "Ana", body: "Lovely opening." });
    await send("PUT", `${reviewer}/statuses`, { version: 1, panelId: first, name: "Ana", status: "approved" });
    await send("PUT", `${reviewer}/statuses`, { version: 1, panelId: second, name: "Ben", status: "changes_requested" });
    await send("PUT", `${reviewer}/verdict`, { version: 1, name: "Ben", verdict: "changes_requested" });

    // Without a reload: the button counts the new comments and the cards show their open ones.
    await page.getByRole("button", { name: "Reviews, 3 new comments" }).waitFor({ timeout: 15_000 });
    const secondCard = page.locator(`[data-testid="panel-card"][data-panel-id="${second}"]`);
    await secondCard.getByRole("img", { name: "2 open review comments" }).waitFor();
    await page.locator(`[data-testid="panel-card"][data-panel-id="${first}"]`).getByRole("img", { name: "1 open review comment" }).waitFor();
    expect(await page.locator(`[data-testid="panel-card"][data-panel-id="${panelIds[2]}"] [data-testid="review-badge"]`).count()).toBe(0);

    await reviews.click();
    const card = sheet.getByTestId("share-card");
    await card.waitFor();
    const cardText = await card.innerText();
    expect(cardText).toMatch(/v1 · .* · 5 panels/);
    expect(cardText).toContain("3 new");
    expect(cardText).toMatch(/Ben: Changes requested/);
    expect(cardText).toMatch(/Shot 1\s+✓ 1 approved \(Ana\)/);
    expect(cardText).toMatch(/Shot 2\s+✗ 1 requested changes \(Ben\)/);
    expect(await card.getByLabel("Review link").inputValue()).toBe(link);
    await screenshot(page, "review-panel-shares-laptop");

    // Opening the threads: grouped by panel, bodies as plain text, and the comments count as seen.
    await card.getByRole("button", { name: "Open 3 comments" }).click();
    const group = sheet.getByRole("region", { name: "Shot 2" });
    await group.getByText("Tighter framing <b>here</b>").waitFor();
    expect(await group.getByTestId("review-thread").count()).toBe(2);
    // (The toolbar is behind the modal sheet, out of the accessibility tree: its count is read directly.)
    await page.getByTestId("reviews-new-count").waitFor({ state: "detached" });

    // Replying needs a name first; it is kept for next time.
    const thread = group.getByTestId("review-thread").first();
    await thread.getByRole("button", { name: "Reply" }).click();
    expect(await thread.getByRole("textbox", { name: "Reply to Ana" }).isDisabled()).toBe(true);
    await sheet.getByLabel("Your name on replies").fill("Sam");
    await sheet.getByRole("button", { name: "Save" }).click();
    await thread.getByRole("textbox", { name: "Reply to Ana" }).fill("Will do in v2.");
    await thread.getByRole("button", { name: "Send reply" }).click();
    await thread.getByRole("textbox").waitFor({ state: "detached" });
    await thread.getByText("Will do in v2.").waitFor();
    await screenshot(page, "review-panel-threads-laptop");
    await thread.getByRole("button", { name: "Resolve" }).click();
    await secondCard.locator('[data-testid="review-badge"][aria-label="1 open review comment"]').waitFor();

    const detail = await detailOf(published.shareId);
    expect(detail.comments.find((c) => c.parentId === framing.id)).toMatchObject({ authorName: "Sam", body: "Will do in v2.", fromAuthor: true });
    expect(detail.comments.find((c) => c.id === framing.id)?.resolvedAt).not.toBeNull();
    expect(await page.evaluate(() => localStorage.getItem("castboard.review-reply-name"))).toBe("Sam");

    // A thread's panel selects it on the board.
    await group.getByRole("button", { name: "Show shot 2 on the board" }).click();
    await sheet.waitFor({ state: "detached" });
    await page.getByRole("button", { name: /^Shot 2:/, pressed: true }).waitFor();

    // A comment arriving while the author works shows up on its own.
    await send("POST", `${reviewer}/comments`, { version: 1, panelId: panelIds[2], name: "Cleo", body: "Hold this a beat longer." });
    await page.getByRole("button", { name: "Reviews, 1 new comment" }).waitFor({ timeout: 15_000 });

    await page.setViewportSize(PHONE);
    await screenshot(page, "review-panel-board-phone");
    await reviews.click();
    await sheet.getByRole("region", { name: "Shot 3" }).getByText("Hold this a beat longer.").waitFor();
    await screenshot(page, "review-panel-threads-phone");
    await sheet.getByRole("button", { name: "All shared boards" }).click();
    await screenshot(page, "review-panel-shares-phone");

    // Revoke, after a confirm: the link stops opening.
    await card.getByRole("button", { name: "Revoke" }).click();
    await card.getByRole("button", { name: "Revoke link" }).click();
    await card.getByText(/^Shared .* · Revoked/).waitFor();
    expect((await fetch(new URL(reviewer, harness.app.url))).status).toBe(404);
    expect(watched.errors).toEqual([]);
    await context.close();
  });

  it("says when reviews are unavailable, keeps the last answer, and recovers; a lost session asks to sign in", async () => {
    const context = await harness.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await openSampleAndReviews(page);
    const sheet = page.getByRole("dialog", { name: "Reviews" });
    await sheet.getByTestId("reviews-empty").waitFor();

    let answer = { status: 503, error: "storage_unavailable", message: "The review database does not answer." };
    const list = (url: URL) => url.pathname === "/api/reviews";
    await page.route(list, (route) => route.fulfill({ status: answer.status, contentType: "application/json", body: JSON.stringify(answer) }));
    await sheet.getByText("Reviews are unavailable right now: The review database does not answer. Trying again…").waitFor({ timeout: 15_000 });
    expect(await sheet.getByTestId("reviews-empty").isVisible()).toBe(true);

    answer = { status: 401, error: "unauthorized", message: "Your session is not valid. Sign in again." };
    await sheet.getByRole("button", { name: "Try again now" }).click();
    await sheet.getByRole("link", { name: "Sign in" }).waitFor();

    await page.unroute(list);
    await page.getByRole("button", { name: "Close reviews" }).click();
    await page.getByRole("button", { name: /^Reviews/ }).click();
    await sheet.getByTestId("reviews-problem").waitFor({ state: "detached", timeout: 15_000 });
    await context.close();
  });
});

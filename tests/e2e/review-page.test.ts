import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Page, Response } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReviewView } from "@/lib/review/review-types";
import { screenshot, VIEWPORTS, watchPage } from "../support/browser";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { board } from "../support/review-fixtures";
import { publishOverHttp } from "../support/review-http";
import { freePort, startApp } from "../support/servers";

/**
 * The review page as a guest sees it: no account, no access token, only the link. One app for
 * the file, with an access token set (the author publishes with it; the reviewer never has it);
 * each test publishes its own board and opens it in its own browser context.
 */
const ACCESS_TOKEN = "review-page-author-token";
const AUTHOR = { authorization: `Bearer ${ACCESS_TOKEN}` };
const harness = startAppAndBrowserForFile({ APP_ACCESS_TOKEN: ACCESS_TOKEN });

// The first review call opens (and migrates) the app's embedded database: done here, once, so no
// test's own time includes it. A well-formed token nobody issued asks the database and gets 404.
beforeAll(async () => {
  expect((await fetch(new URL(`/api/review/${"a".repeat(43)}`, harness.app.url))).status).toBe(404);
});
const LAPTOP = { width: 1440, height: 900 };
const PHONE = VIEWPORTS.phone;
const JS_BUDGET_RATIO = 1.3;

async function publish(count = 3) {
  const { snapshot, images } = await board(count);
  const published = await publishOverHttp(harness.app.url, { projectId: `project-${crypto.randomUUID()}`, snapshot, images }, AUTHOR);
  return { shareId: published.shareId, token: published.token!, path: published.path! };
}

async function open(viewport: { width: number; height: number }, reviewPath: string, touch = false) {
  const context = await harness.browser.newContext({ viewport, hasTouch: touch });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(new URL(reviewPath, harness.app.url).href);
  await page.getByRole("heading", { level: 1 }).waitFor();
  return Object.assign(page, { errors: watched.errors });
}

const shot = (page: Page, n: number) => page.getByRole("article", { name: `Shot ${n}`, exact: true });
const pressed = (page: Page, n: number, name: string) => shot(page, n).getByRole("button", { name, exact: true }).getAttribute("aria-pressed");
const verdictButton = (page: Page, name: string) => page.getByRole("group", { name: "Your verdict on the board" }).getByRole("button", { name, exact: true });

/** A call as a reviewer makes it (no token), or as the author with `AUTHOR`. */
async function api<T>(pathname: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(new URL(pathname, harness.app.url), {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${pathname}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

describe("a reviewer on a phone", () => {
  it("gives a name once, comments, approves a shot, asks changes on another, gives a verdict, sees others' comments arrive; a reload keeps it all", async () => {
    const { token, shareId, path: reviewPath } = await publish(3);
    const page = await open(PHONE, reviewPath, true);
    await screenshot(page, "review-board-phone");

    await shot(page, 1).getByRole("button", { name: "Comment" }).click();
    await shot(page, 1).getByRole("textbox", { name: "Comment on shot 1" }).fill("Love the light here.");
    await shot(page, 1).getByRole("button", { name: "Post comment" }).click();
    const nameDialog = page.getByRole("dialog", { name: "Your name" });
    await nameDialog.getByRole("textbox", { name: "Name" }).fill("  Ana  ");
    await nameDialog.getByRole("button", { name: "Continue" }).click();
    const mine = shot(page, 1).getByTestId("comment").filter({ hasText: "Love the light here." });
    await mine.waitFor();
    expect(await mine.innerText()).toMatch(/Ana[\s\S]*just now/);
    expect(await shot(page, 1).getByRole("textbox", { name: "Comment on shot 1" }).inputValue()).toBe("");
    expect(await page.getByTestId("reviewer-name").innerText()).toBe("Ana");

    // No second prompt: the name is given.
    await shot(page, 1).getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => pressed(page, 1, "Approve")).toBe("true");
    await shot(page, 2).getByRole("button", { name: "Request changes" }).click();
    await expect.poll(() => pressed(page, 2, "Request changes")).toBe("true");
    expect(await pressed(page, 2, "Approve")).toBe("false");
    await verdictButton(page, "Approve the board").click();
    await expect.poll(() => verdictButton(page, "Approve the board").getAttribute("aria-pressed")).toBe("true");
    expect(await nameDialog.count()).toBe(0);

    // Others meanwhile: another reviewer comments and approves, the author replies to Ana and resolves Ben's.
    const ben = await api<{ id: string }>(`/api/review/${token}/comments`, "POST", { version: 1, panelId: "panel-1", name: "Ben", body: "Could it be wider?" });
    await api(`/api/review/${token}/statuses`, "PUT", { version: 1, panelId: "panel-1", name: "Ben", status: "changes_requested" });
    const anas = (await api<ReviewView>(`/api/review/${token}`, "GET")).comments.find((c) => c.authorName === "Ana")!;
    await api(`/api/reviews/${shareId}/comments/${anas.id}`, "POST", { name: "Director", body: "Thanks, keeping it." }, AUTHOR);
    await api(`/api/reviews/${shareId}/comments/${ben.id}`, "PATCH", { resolved: true }, AUTHOR);
    // The page asks every 5 s, and at once when its tab comes back into view.
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    const reply = shot(page, 1).getByTestId("reply");
    await reply.waitFor({ timeout: 12_000 });
    expect(await reply.innerText()).toMatch(/Director\s*Author[\s\S]*Thanks, keeping it\./);
    // A poll may have started between two of those changes: the next one brings the rest.
    await shot(page, 1).getByTestId("comment").filter({ hasText: "Could it be wider?" }).getByText("Resolved").waitFor({ timeout: 12_000 });
    await shot(page, 1).getByText("Ben asked for changes").waitFor({ timeout: 12_000 });
    await screenshot(page, "review-thread-phone");

    await page.reload();
    await page.getByTestId("reviewer-name").waitFor();
    expect(await page.getByTestId("reviewer-name").innerText()).toBe("Ana");
    expect([await pressed(page, 1, "Approve"), await pressed(page, 2, "Request changes"), await verdictButton(page, "Approve the board").getAttribute("aria-pressed")]).toEqual([
      "true",
      "true",
      "true",
    ]);
    await shot(page, 1).getByRole("button", { name: "3 comments" }).click();
    expect(await shot(page, 1).getByTestId("comment").allInnerTexts()).toHaveLength(2);
    // Hydration included: nothing went wrong in the page.
    expect(page.errors).toEqual([]);
    await page.context().close();
  });
});

describe("comments", () => {
  it("are shown as the text typed, never as markup; one refused keeps its text and shows why", async () => {
    const { path: reviewPath } = await publish(2);
    const page = await open(LAPTOP, reviewPath);
    await page.evaluate(() => localStorage.setItem("castboard.reviewer-name", "Cleo"));
    await page.reload();
    await page.getByTestId("reviewer-name").waitFor();
    const box = shot(page, 2).getByRole("textbox", { name: "Comment on shot 2" });
    await shot(page, 2).getByRole("button", { name: "Comment" }).click();
    await box.fill("<b>x</b> & <img src=x onerror=alert(1)>");
    await shot(page, 2).getByRole("button", { name: "Post comment" }).click();
    const body = shot(page, 2).getByTestId("comment-body");
    await body.waitFor();
    expect(await body.innerText()).toBe("<b>x</b> & <img src=x onerror=alert(1)>");
    expect(await body.locator("b, img").count()).toBe(0);

    const long = "a".repeat(2001);
    await box.fill(long);
    expect(await shot(page, 2).getByText("1 character over the 2000 limit").isVisible()).toBe(true);
    await shot(page, 2).getByRole("button", { name: "Post comment" }).click();
    const alert = shot(page, 2).getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/at most 2000 characters; this one has 2001/);
    expect(await box.inputValue()).toBe(long);
    await box.fill("a".repeat(1990));
    expect(await shot(page, 2).getByText("10 characters left").isVisible()).toBe(true);
    await screenshot(page, "review-thread-laptop");
    await page.context().close();
  });
});

describe("presentation mode", () => {
  for (const [name, viewport] of Object.entries({ laptop: LAPTOP, phone: PHONE })) {
    it(`shows one shot at a time with its balloons and caption, steps by keyboard and closes on Escape (${name})`, async () => {
      const { path: reviewPath } = await publish(3);
      const page = await open(viewport, reviewPath, name === "phone");
      await page.getByRole("button", { name: "Present", exact: true }).click();
      const dialog = page.getByRole("dialog", { name: "Presentation" });
      await dialog.getByText("of 3").waitFor();
      expect(await dialog.getByTestId("presentation-caption").innerText()).toBe("Shot 1");
      // The balloon is drawn over the image where it was placed: (0.3, 0.2) is up and to the left.
      await dialog.locator("svg text", { hasText: "dawn" }).waitFor();
      const image = (await dialog.locator("img").boundingBox())!;
      const balloon = (await dialog.getByTestId("speech-balloons").locator("path").first().boundingBox())!;
      expect(balloon.x + balloon.width / 2).toBeLessThan(image.x + image.width / 2);
      expect(balloon.y + balloon.height / 2).toBeLessThan(image.y + image.height / 2);
      // The dialog covers the window, not the page under it: a screenshot of the window.
      await page.screenshot({ path: path.resolve(import.meta.dirname, `../../.test-results/screenshots/review-presentation-${name}.png`) });

      await page.keyboard.press("ArrowRight");
      await expect.poll(() => dialog.getByTestId("presentation-caption").innerText()).toBe("Shot 2");
      await page.keyboard.press("End");
      await expect.poll(() => dialog.getByTestId("presentation-caption").innerText()).toBe("Shot 3");
      expect(await dialog.getByRole("button", { name: "Next shot" }).isDisabled()).toBe(true);
      await dialog.getByRole("button", { name: "Previous shot" }).click();
      await expect.poll(() => dialog.getByTestId("presentation-caption").innerText()).toBe("Shot 2");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await page.context().close();
    });
  }
});

describe("versions", () => {
  it("shows the newest by default and version 1 when picked, with ?version=1 in the address", async () => {
    const first = await publish(3);
    const { snapshot, images } = await board(2, 100);
    await publishOverHttp(harness.app.url, { projectId: "versions", shareId: first.shareId, snapshot: { ...snapshot, title: "Dawn raid, take two" }, images }, AUTHOR);
    const page = await open(LAPTOP, first.path);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Dawn raid, take two");
    expect(await page.getByRole("article").count()).toBe(2);
    await page.getByRole("combobox", { name: "Version" }).selectOption("1");
    await page.waitForURL(/\?version=1$/);
    await page.getByTestId("older-version").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Dawn raid");
    expect(await page.getByRole("article").count()).toBe(3);
    expect(await page.getByRole("combobox", { name: "Version" }).inputValue()).toBe("1");
    await screenshot(page, "review-board-laptop");
    await page.getByTestId("older-version").getByRole("link", { name: "See version 2" }).click();
    await page.waitForURL((url) => url.search === "");
    await page.getByRole("heading", { level: 1, name: "Dawn raid, take two" }).waitFor();
    await page.context().close();
  });
});

describe("a link that does not open", () => {
  it("answers 404 with a calm page saying to ask the author for a new link, once revoked or if made up", async () => {
    const { shareId, path: reviewPath } = await publish(1);
    await api(`/api/reviews/${shareId}`, "DELETE", undefined, AUTHOR);
    for (const [name, viewport] of Object.entries({ laptop: LAPTOP, phone: PHONE })) {
      const context = await harness.browser.newContext({ viewport });
      const page = await context.newPage();
      const response = await page.goto(new URL(reviewPath, harness.app.url).href);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("This review link does not open a board");
      expect(await page.getByText("Ask the author for a new link.").isVisible()).toBe(true);
      await screenshot(page, `review-404-${name}`);
      await context.close();
    }
    const madeUp = await fetch(new URL("/review/not-a-real-token", harness.app.url));
    expect(madeUp.status).toBe(404);
  });
});

describe("the review database down", () => {
  it("says reviews are unavailable for a minute: not a blank page, not a crash", async () => {
    const down = await startApp({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/castboard` });
    const context = await harness.browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      // A well-formed token, so the page does ask the database.
      await page.goto(`${down.url}/review/${"a".repeat(43)}`);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Reviews are unavailable right now");
      expect(await page.getByText("Try again in a minute.").isVisible()).toBe(true);
      await screenshot(page, "review-unavailable-phone");
    } finally {
      await context.close();
      await down.stop();
    }
  });
});

describe("JavaScript budget", () => {
  it(`loads at most ${JS_BUDGET_RATIO}× the JavaScript every App Router page loads`, async () => {
    const { path: reviewPath } = await publish(3);
    const context = await harness.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    const scripts: Response[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response);
    });
    await page.goto(new URL(reviewPath, harness.app.url).href, { waitUntil: "networkidle" });
    await shot(page, 1).waitFor();
    const loaded = (await Promise.all(scripts.map(async (r) => (await r.body()).byteLength))).reduce((a, b) => a + b, 0);

    // The baseline: the scripts Next.js loads on every App Router page, from this build's manifest.
    const next = path.resolve(import.meta.dirname, "../../.next");
    const manifest = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
    expect(manifest.rootMainFiles.length).toBeGreaterThan(0);
    const baseline = manifest.rootMainFiles.reduce((sum, file) => sum + statSync(path.join(next, file)).size, 0);
    const ratio = loaded / baseline;
    console.log(`review page JavaScript: ${loaded} bytes decoded in ${scripts.length} scripts; App Router baseline (rootMainFiles): ${baseline} bytes; ratio ${ratio.toFixed(3)}`);
    expect(ratio).toBeLessThanOrEqual(JS_BUDGET_RATIO);
    await context.close();
  });
});

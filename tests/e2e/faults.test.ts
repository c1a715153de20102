import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Fault, FaultKind } from "../support/fault-layer";
import { launchChromium, screenshot, VIEWPORTS } from "../support/browser";
import { addPanel, selectShot, shotSummaries, waitForPanelError, waitForStatus, waitForTakes } from "../support/board-page";
import { openApp, waitForCharacters } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";
import { startFaultEngine, SUBMIT_PATH, type FaultEngine } from "../support/fault-server";
import { startApp, type RunningApp } from "../support/servers";

/**
 * What a person sees when fal misbehaves: the app in fal mode against the standalone engine with
 * its fault layer, one fault at a time. Each step: a clear message in the shot's error box,
 * the prompt and earlier takes still there, Retry once the fault is gone, and a healthy server.
 */
const KEY = "fault-journey-key-4c1e";
const PROMPT = "Ferris checks the weather on a windy pier";
let engine: FaultEngine;
let app: RunningApp;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  engine = await startFaultEngine({ key: KEY });
  [app, browser] = await Promise.all([startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url, PROXY_TIMEOUT_MS: "1500" }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await engine?.close();
});
// Each test has its own empty browser profile and its own shot with a first take on fal.
const perTest = freshPageForEachTest(() => browser, { viewport: VIEWPORTS.laptop, acceptDownloads: true });
let page: Page;
afterEach(() => {
  // No fault the test caused made the server log an unexpected failure.
  expect(app.output()).not.toMatch(/Proxy failure|unhandled|uncaught|ERR_HTTP_HEADERS_SENT/i);
});

/** The sample character and one shot with PROMPT, rendered once on fal. */
async function shotWithOneTake(): Promise<Page> {
  page = perTest.page;
  await openApp(page, app.url);
  await page.getByRole("button", { name: "Try the sample: Ferris" }).click();
  await waitForCharacters(page, 1);
  await addPanel(page, PROMPT);
  await page.getByTestId("generate").click();
  await waitForTakes(page, 1);
  return page;
}

/**
 * Moves the page's clock (installed with `page.clock.install()`) on a second at a time until
 * `until` settles: the timers due meanwhile fire as they would have, without the test waiting them out.
 */
async function skipWaits(target: Page, until: Promise<unknown>) {
  let settled = false;
  until.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await target.clock.fastForward(1000);
    await Promise.race([until, new Promise((resolve) => setTimeout(resolve, 100))]).catch(() => {});
  }
}

async function healthy() {
  const response = await fetch(`${app.url}/api/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, mode: "fal" });
}

/**
 * Generates the selected shot with `fault` on `kind` calls, checks what the error box says and
 * that nothing is lost, then switches the fault off and retries into a new take.
 */
async function survives(kind: FaultKind, fault: Fault, expected: { kind: string; message: RegExp }, meanwhile?: () => Promise<void>) {
  const takes = await page.getByTestId("take").count();
  const hits = engine.faults.hits[fault];
  // fal's client waits 1, 2 and 4 s between its retries of a failed call; the page's clock skips those waits.
  const retried = fault !== "hang";
  if (retried) await page.clock.install();
  engine.faults.set(kind, fault);
  try {
    await page.getByTestId("generate").click();
    await meanwhile?.();
    const shown = waitForPanelError(page);
    if (retried) await skipWaits(page, shown);
    const error = await shown;
    // The message comes only once the client has given up: every attempt met the fault.
    if (retried) expect(engine.faults.hits[fault] - hits).toBeGreaterThan(1);
    expect(error.kind).toBe(expected.kind);
    expect(error.text).toMatch(expected.message);
    // The message and its Retry are brought into view, wherever the inspector was scrolled.
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="panel-error"]')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    await screenshot(page, `fault-${kind}-${fault}`);
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe(PROMPT);
    expect(await page.getByTestId("take").count()).toBe(takes);
    await healthy();
  } finally {
    engine.faults.set(kind, "pass");
  }
  const submits = engine.calls(SUBMIT_PATH);
  await page.getByTestId("panel-error").getByRole("button", { name: "Retry" }).click();
  await waitForTakes(page, takes + 1);
  expect(await page.getByTestId("panel-error").count()).toBe(0);
  // fal had accepted the request before a status or result call failed: Retry follows it again, and pays nothing more.
  if (kind !== "submit") expect(engine.calls(SUBMIT_PATH)).toBe(submits);
}

describe("faults", () => {
  it("composes a shot and renders a first take on fal", async () => {
    await shotWithOneTake();
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe(PROMPT);
    expect(await page.getByTestId("panel-error").count()).toBe(0);
  });

  it("fal answers 500: says fal failed and to try again; Retry works", async () => {
    await shotWithOneTake();
    await survives("submit", "status500", { kind: "upstream", message: /failed with HTTP 500 \(Internal server error\)\. Try again in a moment\./ });
  });

  it("fal answers 502: the same clear message with its status", async () => {
    await shotWithOneTake();
    await survives("submit", "status502", { kind: "upstream", message: /failed with HTTP 502 \(Bad gateway\)\. Try again in a moment\./ });
  });

  it("fal answers 429 with Retry-After: says fal is busy and to retry in a few seconds", async () => {
    await shotWithOneTake();
    await survives("submit", "rate429", { kind: "rate_limit", message: /fal is busy.*Your prompt and takes are kept; Retry in a few seconds\./ });
  });

  it("fal hangs past the proxy timeout: shows Sending, then says fal did not answer after that one timeout", async () => {
    await shotWithOneTake();
    const submits = engine.calls(SUBMIT_PATH);
    await survives("submit", "hang", { kind: "upstream", message: /did not answer within 2 s\. Try again\./ }, async () => {
      await waitForStatus(page, ["submitting"]);
      expect(await page.getByTestId("panel-status").first().innerText()).toMatch(/Sending/);
    });
    // The browser does not resend a submit the proxy gave up on, which would keep the user waiting a timeout per attempt.
    expect(engine.calls(SUBMIT_PATH)).toBe(submits + 2);
  });

  it("the connection drops mid-answer while fetching the result: says so; Retry works", async () => {
    await shotWithOneTake();
    await survives("result", "drop", { kind: "upstream", message: /dropped the connection before finishing its answer\. Try again\./ });
  });

  it("fal sends malformed JSON: says the answer was malformed; Retry works", async () => {
    await shotWithOneTake();
    await survives("submit", "badJson", { kind: "upstream", message: /sent a malformed answer \(invalid JSON\)\. Try again\./ });
  });

  it("a request that never completes shows its elapsed time, and Cancel keeps the prompt and stops it upstream", async () => {
    await shotWithOneTake();
    const takes = await page.getByTestId("take").count();
    engine.faults.set("submit", "neverCompletes", { times: 1 });
    await page.clock.install();
    await page.getByTestId("generate").click();
    await waitForStatus(page, ["IN_PROGRESS"]);
    const status = page.getByTestId("panel-status").first();
    const elapsed = async () => Number(/Generating · (\d+)s/.exec(await status.innerText())?.[1] ?? NaN);
    const first = await elapsed();
    // Two seconds pass on the page's clock at once rather than in real time.
    await page.clock.fastForward(2000);
    await page.waitForFunction(
      (before) => Number(/Generating · (\d+)s/.exec(document.querySelector('[data-testid="panel-status"]')?.textContent ?? "")?.[1]) >= before + 2,
      first,
      { timeout: 5000 },
    );
    expect(await status.innerText()).toMatch(/^Generating · \d+s/);
    expect(await page.getByLabel("Generation log").innerText()).toContain("Still working on it");
    const [held] = engine.faults.held;
    await page.getByRole("button", { name: "Cancel" }).click();
    const cancelled = await waitForPanelError(page);
    expect(cancelled).toMatchObject({ kind: "cancelled", text: expect.stringMatching(/Your prompt and settings are kept/) });
    expect(await page.getByLabel("Scene prompt").inputValue()).toBe(PROMPT);
    expect(await page.getByTestId("take").count()).toBe(takes);
    await expect.poll(() => engine.faults.cancelled).toContain(held);
    await healthy();
    await page.getByTestId("panel-error").getByRole("button", { name: "Retry" }).click();
    await waitForTakes(page, takes + 1);
  });

  it("going offline during a batch stops it with a clear message; back online, it generates again and nothing is lost", async () => {
    await shotWithOneTake();
    for (const prompt of ["Ferris walks the pier", "Ferris sees a gull", "Ferris shares a sandwich", "Ferris waves goodbye"]) await addPanel(page, prompt);
    const before = await shotSummaries(page);
    // The first four requests stay in progress, so the batch is mid-flight when the network goes.
    engine.faults.set("submit", "neverCompletes", { times: 4 });
    const submitsBefore = engine.calls(SUBMIT_PATH);
    await page.getByRole("button", { name: "Generate all" }).click();
    await page.getByRole("dialog").getByText("5 images in total").waitFor();
    await page.getByRole("dialog").getByRole("button", { name: /^Spend / }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] [data-status="IN_PROGRESS"]').length === 4, null, { timeout: 15_000 });
    await perTest.context.setOffline(true);
    const stopped = page.getByTestId("batch-stopped");
    await stopped.waitFor({ timeout: 15_000 });
    expect(await stopped.innerText()).toMatch(/The batch stopped after 0 of 5: You are offline.*Retry once you are back online/);
    // Nothing new was sent once the network was gone: the fifth shot never started.
    expect(engine.calls(SUBMIT_PATH) - submitsBefore).toBe(4);
    await selectShot(page, 2);
    expect(await waitForPanelError(page)).toMatchObject({ kind: "network", text: expect.stringMatching(/You are offline/) });
    await screenshot(page, "fault-offline-batch");

    await perTest.context.setOffline(false);
    expect(await shotSummaries(page)).toEqual(before);
    await page.getByRole("button", { name: "Generate all" }).click();
    await page.getByRole("dialog").getByRole("button", { name: /^Spend / }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] img').length === 5, null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"] [data-testid="panel-status"]').length === 0, null, { timeout: 30_000 });
    expect(await shotSummaries(page)).toEqual(before.map((shot) => ({ ...shot, takes: shot.takes + 1 })));
    expect(await page.getByTestId("batch-stopped").count()).toBe(0);
    await healthy();
  });

  it("reloading during a PDF export opens the board intact, and exporting again works", async () => {
    await shotWithOneTake();
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    const before = await shotSummaries(page);
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const dialog = page.getByTestId("export-dialog");
    await dialog.getByText("PDF storyboard", { exact: true }).click();
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    await dialog.getByTestId("export-progress").waitFor();
    await page.reload({ waitUntil: "networkidle" });
    await page.getByRole("heading", { name: /^Cast( \d+)?$/ }).waitFor();
    await waitForCharacters(page, 1);
    expect(await page.getByTestId("export-dialog").count()).toBe(0);
    expect(await shotSummaries(page)).toEqual(before);

    await page.getByRole("button", { name: "Export", exact: true }).click();
    await dialog.getByText("PDF storyboard", { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), dialog.getByRole("button", { name: "Export", exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    await dialog.getByTestId("export-done").waitFor();
    await healthy();
  });
});

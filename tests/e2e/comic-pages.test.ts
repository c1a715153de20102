import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startAppAndBrowserForFile } from "../support/app-and-browser";
import { screenshot, watchPage } from "../support/browser";
import { openSampleStoryboard } from "../support/board-page";
import { reloadWhenSaved } from "../support/cast-page";
import { freshPageForEachTest } from "../support/fresh-page";

const harness = startAppAndBrowserForFile();
const perTest = freshPageForEachTest(() => harness.browser, { viewport: { width: 1440, height: 900 } });

const pageSheet = (page: Page, n: number) => page.locator(`[data-testid="comic-page"][data-page="${n}"]`);
const frames = (page: Page, n: number) => pageSheet(page, n).getByTestId("comic-frame");
const panelsOn = (page: Page, n: number) => frames(page, n).evaluateAll((els) => els.map((el) => el.getAttribute("data-panel")));
const allPanels = async (page: Page) => (await page.getByTestId("comic-frame").evaluateAll((els) => els.map((el) => el.getAttribute("data-panel") ?? ""))).filter(Boolean);

async function waitForPanelsOn(page: Page, n: number, expected: string[]) {
  await page.waitForFunction(
    ([n, want]) => JSON.stringify([...document.querySelectorAll(`[data-testid="comic-page"][data-page="${n}"] [data-testid="comic-frame"]`)].map((el) => el.getAttribute("data-panel"))) === want,
    [n, JSON.stringify(expected)] as const,
  );
}

/** dnd-kit says each step of a drag in its live region; a step is done once it has said so. */
async function waitForSaid(page: Page, said: RegExp) {
  await page
    .waitForFunction(
      ([source]) => [...document.querySelectorAll('[id^="DndLiveRegion"]')].some((el) => new RegExp(source!).test(el.textContent ?? "")),
      [said.source] as const,
      { timeout: 10_000 },
    )
    .catch(async (error: Error) => {
      const regions = await page.evaluate(() => [...document.querySelectorAll('[id^="DndLiveRegion"]')].map((el) => el.textContent));
      throw new Error(`${error.message}\nWaiting for ${said}, dnd-kit said: ${JSON.stringify(regions)}`);
    });
}

async function dragGrip(page: Page, from: Locator, to: Locator, over: RegExp) {
  await from.hover();
  const grip = (await from.getByRole("button", { name: /^Move shot/ }).boundingBox())!;
  const target = (await to.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + 12, grip.y + 12, { steps: 3 });
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
  await waitForSaid(page, over);
  await page.mouse.up();
}

describe("comic pages", () => {
  it("lays out eight panels as four pages, reflows on a template change, moves panels, frames an image, reads, and keeps it all on reload", async () => {
    const page = perTest.page;
    const watched = watchPage(page);
    await openSampleStoryboard(page, harness.app.url);
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Add panel", exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="panel-card"]').length === 8);

    // Pages: empty at first, teaching the next step.
    await page.getByRole("radio", { name: "Pages" }).click();
    await page.getByTestId("pages-empty").waitFor();
    await page.getByLabel("Panels per page").selectOption("2");
    await page.getByTestId("pages-empty").getByText("8 panels → 4 pages").waitFor();
    await page.getByRole("button", { name: "Lay out pages" }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="comic-page"]').length === 4);
    const order = await allPanels(page);
    expect(order).toHaveLength(8);
    for (let n = 1; n <= 4; n++) expect(await panelsOn(page, n)).toEqual(order.slice(2 * n - 2, 2 * n));
    await page.locator('[data-testid="comic-frame"] img').first().waitFor();
    await screenshot(page, "comic-pages-laid-out-1440");

    // Page 1 becomes three tiers: everything after it moves up a frame, and the last page has an empty frame.
    await page.getByRole("button", { name: /^Layout of page 1:/ }).click();
    await page.getByTestId("template-picker").getByRole("button", { name: "Three widescreen tiers (3 panels)" }).click();
    await waitForPanelsOn(page, 1, order.slice(0, 3));
    expect(await pageSheet(page, 1).getAttribute("data-template")).toBe("three-tiers");
    expect(await panelsOn(page, 2)).toEqual(order.slice(3, 5));
    expect(await panelsOn(page, 4)).toEqual([order[7], ""]);
    expect(await pageSheet(page, 4).getByTestId("empty-frame").innerText()).toBe("Empty frame");

    // Drag page 2's first panel onto page 3's first frame: it lands there, and on the board too.
    await frames(page, 3).first().scrollIntoViewIfNeeded();
    await dragGrip(page, frames(page, 2).first(), frames(page, 3).first(), /over page 3 frame 1\./);
    const moved = [order[0], order[1], order[2], order[4], order[5], order[3], order[6], order[7]];
    await waitForPanelsOn(page, 3, [order[3]!, order[6]!]);
    expect(await allPanels(page)).toEqual(moved);

    // The keyboard way: pick up by the grip with Space, arrow to another frame, Space to drop.
    const first = frames(page, 1).first();
    await first.scrollIntoViewIfNeeded();
    await first.getByRole("button", { name: /^Move shot/ }).focus();
    await page.keyboard.press("Space");
    // dnd-kit may say the pick-up and where it is as one announcement, the latter.
    await waitForSaid(page, /^Picked up shot 1|^Shot 1 is over page 1 frame 1\./);
    await page.keyboard.press("ArrowDown");
    await waitForSaid(page, /over page 1 frame 2\./);
    await page.keyboard.press("Space");
    await waitForSaid(page, /dropped on page 1 frame 2\./);
    await waitForPanelsOn(page, 1, [moved[1]!, moved[0]!, moved[2]!]);
    // And from the frame's toolbar: select the frame, then choose its page.
    await frames(page, 1).nth(1).click();
    await page.getByTestId("move-to-page").selectOption("4");
    await waitForPanelsOn(page, 4, [moved[0]!, ""]);
    const afterMoves = await allPanels(page);

    // Frame an image: select, zoom with the buttons and the wheel, pan by dragging.
    const framed = frames(page, 2).first();
    const framedId = (await framed.getAttribute("data-panel"))!;
    await framed.click();
    await page.getByTestId("frame-toolbar").waitFor();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByRole("button", { name: "Zoom in" }).click();
    await page.getByTestId("zoom-value").getByText("156%").waitFor();
    const box = (await framed.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForFunction((id) => Number(document.querySelector(`[data-testid="comic-frame"][data-panel="${id}"]`)?.getAttribute("data-zoom")) > 1.6, framedId);
    const cxBefore = await framed.getAttribute("data-cx");
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 10, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(([id, was]) => document.querySelector(`[data-testid="comic-frame"][data-panel="${id}"]`)?.getAttribute("data-cx") !== was, [framedId, cxBefore] as const);
    const framing = { zoom: await framed.getAttribute("data-zoom"), cx: await framed.getAttribute("data-cx") };
    expect(Number(framing.cx)).toBeLessThan(Number(cxBefore));

    // Two-tier pages are taller than the sample's wide images: the frame says so, and offers the fix.
    const warned = pageSheet(page, 2).getByTestId("comic-frame").first();
    expect(await pageSheet(page, 2).getByTestId("aspect-warning").count()).toBeGreaterThan(0);
    await warned.click();
    expect(await page.getByTestId("aspect-message").innerText()).toBe("This frame is taller than the image: part is hidden");
    await screenshot(page, "comic-pages-framing-1440");
    // One click: a new take at the frame's shape, and the warning goes.
    const warnedId = (await warned.getAttribute("data-panel"))!;
    await page.getByTestId("generate-frame-shape").click();
    await page.waitForFunction(
      (id) => {
        const frame = document.querySelector(`[data-testid="comic-frame"][data-panel="${id}"]`);
        return frame?.querySelector("img") && !frame.querySelector('[data-testid="aspect-warning"]');
      },
      warnedId,
      { timeout: 60_000 },
    );

    // Read mode: spreads at this width, turned with the arrow keys; Escape leaves.
    await page.getByRole("button", { name: "Read" }).click();
    const position = page.getByTestId("read-position");
    // It opens where the selected frame is: page 2, beside page 3.
    await position.getByText("Pages 2–3 of 4").waitFor();
    await page.locator('[data-testid="read-mode"] img').first().waitFor();
    await screenshot(page, "comic-read-mode-1440");
    await page.keyboard.press("ArrowRight");
    await position.getByText("Page 4 of 4").waitFor();
    await page.keyboard.press("ArrowLeft");
    await position.getByText("Pages 2–3 of 4").waitFor();
    await page.keyboard.press("ArrowLeft");
    await position.getByText("Page 1 of 4").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("read-mode").waitFor({ state: "detached" });

    // Everything is in the project: reload and find it as it was.
    await reloadWhenSaved(page);
    await page.getByRole("radio", { name: "Pages" }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="comic-page"]').length === 4);
    expect(await pageSheet(page, 1).getAttribute("data-template")).toBe("three-tiers");
    expect(await allPanels(page)).toEqual(afterMoves);
    const reloaded = page.locator(`[data-testid="comic-frame"][data-panel="${framedId}"]`);
    expect({ zoom: await reloaded.getAttribute("data-zoom"), cx: await reloaded.getAttribute("data-cx") }).toEqual(framing);

    // On a phone the same pages, one spread under another.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Board" }).click();
    await page.locator('[data-testid="comic-frame"] img').first().waitFor();
    await screenshot(page, "comic-pages-390");
    expect(watched.errors).toEqual([]);
  });
});

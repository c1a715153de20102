import type { Page } from "playwright-core";

/**
 * dnd-kit announces every step of a drag in its live region ("Picked up…", "…was moved over…",
 * "…was dropped…"), one replacing the other quickly: the page records each announcement, and a
 * test waits for the one a step makes instead of sleeping while dnd-kit measures.
 */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __dndSaid: string[]; __dndObserver?: MutationObserver };
    w.__dndSaid = [];
    if (w.__dndObserver) return;
    w.__dndObserver = new MutationObserver(() => {
      for (const region of document.querySelectorAll('[id^="DndLiveRegion"]')) if (region.textContent) w.__dndSaid.push(region.textContent);
    });
    w.__dndObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function waitForAnnouncement(page: Page, announcement: RegExp, what: string): Promise<void> {
  await page
    .waitForFunction(
      ([source, flags]) => (window as unknown as { __dndSaid: string[] }).__dndSaid.some((said) => new RegExp(source, flags).test(said)),
      [announcement.source, announcement.flags] as const,
      { timeout: 10_000 },
    )
    .catch(async (error: Error) => {
      const said = await page.evaluate(() => (window as unknown as { __dndSaid: string[] }).__dndSaid);
      throw new Error(`${error.message}\nAfter ${what}, dnd-kit said: ${JSON.stringify(said)}`);
    });
}

/** Picked up: React may render the pick-up and the item over its own place as one announcement, the latter. */
export const PICKED_UP = /^Picked up draggable item|^Draggable item (\S+) was moved over droppable area \1\.$/;
/** Over another item than itself (dnd-kit first announces the item over its own place). */
export const MOVED_OVER_ANOTHER = /^Draggable item (\S+) was moved over droppable area (?!\1\.)/;
export const DROPPED = /was dropped/;

/** Presses `key` and waits until dnd-kit announces `announcement`. */
export async function pressAndWaitForAnnouncement(page: Page, key: string, announcement: RegExp): Promise<void> {
  await recordAnnouncements(page);
  await page.keyboard.press(key);
  await waitForAnnouncement(page, announcement, key);
}

/** Runs `move` (mouse steps of a drag) and waits until dnd-kit announces the dragged item over another. */
export async function moveAndWaitForOver(page: Page, move: () => Promise<void>): Promise<void> {
  await recordAnnouncements(page);
  await move();
  await waitForAnnouncement(page, MOVED_OVER_ANOTHER, "the mouse moves");
}

/** Space picks the focused handle up, each arrow moves it one place, Space drops it. */
export async function keyboardMove(page: Page, arrows: string[]): Promise<void> {
  await pressAndWaitForAnnouncement(page, "Space", PICKED_UP);
  for (const arrow of arrows) await pressAndWaitForAnnouncement(page, arrow, MOVED_OVER_ANOTHER);
  await pressAndWaitForAnnouncement(page, "Space", DROPPED);
}

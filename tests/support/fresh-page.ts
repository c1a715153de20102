import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterEach, beforeEach } from "vitest";

/**
 * A new browser context (empty localStorage and IndexedDB) and page for every test of a file,
 * closed after it, so no test sees what another left behind and each runs alone or in any order.
 */
export function freshPageForEachTest(browser: () => Browser, options: BrowserContextOptions): { readonly page: Page; readonly context: BrowserContext } {
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeEach(async () => {
    context = await browser().newContext(options);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    page = undefined;
  });
  return {
    get page() {
      return page!;
    },
    get context() {
      return context!;
    },
  };
}

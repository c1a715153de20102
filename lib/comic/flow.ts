import type { ComicPage } from "./comic-schema";
import { frameCount, templateById, templatesFor } from "./templates";

/**
 * How the board's panels flow into pages: in board order, each page taking as many as its template
 * has frames. Board order is reading order, so a page's panels are a slice of the board, and a panel
 * moved to another frame is a panel moved on the board.
 */
export interface FlowedPage {
  page: ComicPage;
  /** Board index of the page's first frame. */
  start: number;
  /** One per frame in reading order: the panel's id, or null past the board's last panel. */
  panelIds: (string | null)[];
}

export function flowPanels(pages: readonly ComicPage[], panelIds: readonly string[]): { pages: FlowedPage[]; overflow: string[] } {
  let start = 0;
  const flowed = pages.map((page) => {
    const count = frameCount(templateById(page.templateId));
    const ids = Array.from({ length: count }, (_, i) => panelIds[start + i] ?? null);
    const result = { page, start, panelIds: ids };
    start += count;
    return result;
  });
  return { pages: flowed, overflow: panelIds.slice(start) };
}

export const DEFAULT_PANELS_PER_PAGE = 5;
export const MAX_PANELS_PER_PAGE = 9;

/**
 * Templates for `count` panels at about `perPage` a page: as few pages as that allows, the panels
 * shared evenly between them (so no page is left with one lonely panel), and neighbouring pages of
 * the same count given different layouts for variety.
 */
export function autoTemplates(count: number, perPage = DEFAULT_PANELS_PER_PAGE, manga = false): string[] {
  const per = Math.min(MAX_PANELS_PER_PAGE, Math.max(1, Math.round(perPage)));
  if (count <= 0) return [];
  const pages = Math.ceil(count / per);
  const base = Math.floor(count / pages);
  const extra = count % pages;
  return Array.from({ length: pages }, (_, i) => {
    const options = templatesFor(base + (i < extra ? 1 : 0), manga);
    return options[i % options.length]!.id;
  });
}

/** New pages for panels that do not fit yet (added to the board after the pages were laid out). */
export function pagesForOverflow(overflow: number, perPage = DEFAULT_PANELS_PER_PAGE, manga = false): ComicPage[] {
  return autoTemplates(overflow, perPage, manga).map((templateId) => ({ id: crypto.randomUUID(), templateId }));
}

import { DEFAULT_FRAMING, type Comic, type ComicSettings, type Framing } from "../comic/comic-schema";
import { autoTemplates, DEFAULT_PANELS_PER_PAGE } from "../comic/flow";
import { isTemplateId } from "../comic/templates";
import { pushStep } from "./board-history";
import type { CastboardSlice } from "./store";

/**
 * Comic pages (`projectSettings.comic`). Every edit is one step of the board's undo history, which
 * snapshots the comic with the panels, so undo takes back a page edit and a board edit alike, in the
 * order they were made. Which panels a page holds follows from board order (`lib/comic/flow.ts`):
 * moving a panel between pages moves it on the board, through the board's own reorder.
 */
export interface ComicSlice {
  /** Applies `recipe` to the comic as one undo step (or part of the step being dragged when `key` repeats). */
  updateComic(recipe: (comic: Comic) => Comic, label?: string, key?: string): void;
  /** Replaces the pages with ones that hold the whole board at about `perPage` panels a page. */
  layOutPages(perPage?: number): void;
  /** Adds a page after `afterIndex` (at the end when omitted), with the template given or the previous page's. */
  addPage(afterIndex?: number, templateId?: string): string;
  removePage(pageId: string): void;
  setPageTemplate(pageId: string, templateId: string): void;
  updateComicSettings(change: Partial<ComicSettings>, key?: string): void;
  /** How a panel's image sits in its frame; `key` makes a drag or a slider one undo step. */
  setFraming(panelId: string, framing: Framing, key?: string): void;
  /** Moves a panel to the frame at `boardIndex` of the flow: the panel moves there on the board. */
  movePanelToFrame(panelId: string, boardIndex: number): void;
}

const FIRST_TEMPLATE = "five-classic";

export const createComicSlice: CastboardSlice<ComicSlice> = (set, get) => {
  const updateComic: ComicSlice["updateComic"] = (recipe, label = "Edit pages", key) =>
    set((s) => {
      const comic = recipe(s.projectSettings.comic);
      if (comic === s.projectSettings.comic) return s;
      return {
        projectSettings: { ...s.projectSettings, comic },
        past: pushStep(s.past, { panels: s.panels, comic: s.projectSettings.comic, at: Date.now(), label, key }),
        future: [],
      };
    });
  return {
    updateComic,
    layOutPages: (perPage = DEFAULT_PANELS_PER_PAGE) => {
      const { panels, projectSettings } = get();
      const manga = projectSettings.comic.settings.readingDirection === "rtl";
      const pages = autoTemplates(Math.max(1, panels.length), perPage, manga).map((templateId) => ({ id: crypto.randomUUID(), templateId }));
      updateComic((c) => ({ ...c, pages }), "Lay out pages");
    },
    addPage: (afterIndex, templateId) => {
      const id = crypto.randomUUID();
      updateComic((c) => {
        const at = afterIndex === undefined ? c.pages.length : Math.max(0, Math.min(afterIndex + 1, c.pages.length));
        const template = templateId && isTemplateId(templateId) ? templateId : (c.pages[at - 1]?.templateId ?? FIRST_TEMPLATE);
        return { ...c, pages: [...c.pages.slice(0, at), { id, templateId: template }, ...c.pages.slice(at)] };
      }, "Add page");
      return id;
    },
    removePage: (pageId) =>
      updateComic((c) => (c.pages.some((p) => p.id === pageId) ? { ...c, pages: c.pages.filter((p) => p.id !== pageId) } : c), "Delete page"),
    setPageTemplate: (pageId, templateId) => {
      if (!isTemplateId(templateId)) return;
      updateComic(
        (c) => (c.pages.some((p) => p.id === pageId && p.templateId !== templateId) ? { ...c, pages: c.pages.map((p) => (p.id === pageId ? { ...p, templateId } : p)) } : c),
        "Change page layout",
      );
    },
    updateComicSettings: (change, key) =>
      updateComic(
        (c) => {
          const settings = { ...c.settings, ...change };
          return (Object.keys(change) as (keyof ComicSettings)[]).every((k) => c.settings[k] === settings[k]) ? c : { ...c, settings };
        },
        "Page settings",
        key ?? `comic-settings:${Object.keys(change).join(",")}`,
      ),
    setFraming: (panelId, framing, key) =>
      updateComic(
        (c) => {
          const now = c.framing[panelId] ?? DEFAULT_FRAMING;
          if (now.zoom === framing.zoom && now.cx === framing.cx && now.cy === framing.cy) return c;
          return { ...c, framing: { ...c.framing, [panelId]: framing } };
        },
        "Frame image",
        key ?? `framing:${panelId}`,
      ),
    movePanelToFrame: (panelId, boardIndex) => {
      const { panels, movePanels } = get();
      if (!panels.some((p) => p.id === panelId)) return;
      // The board without the panel has one fewer: a frame past its end means "last".
      movePanels([panelId], Math.min(boardIndex, panels.length - 1));
    },
  };
};

import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_COMIC, type Comic } from "@/lib/comic/comic-schema";
import { flowPanels } from "@/lib/comic/flow";
import { exportBundle } from "@/lib/export/bundle-export";
import { readBundle } from "@/lib/export/bundle-import";
import { DEFAULT_PROJECT_SETTINGS } from "@/lib/state/project-schema";
import { emptyDoc, sanitizeProject, STATE_VERSION, type ProjectDoc } from "@/lib/state/persistence";
import { useCastboard } from "@/lib/state/store";

const s = () => useCastboard.getState();
const comic = () => s().projectSettings.comic;
const pagePanels = () => flowPanels(comic().pages, s().panels.map((p) => p.id)).pages.map((p) => p.panelIds);

beforeEach(() => {
  useCastboard.setState({ characters: [], panels: [], past: [], future: [], projectSettings: DEFAULT_PROJECT_SETTINGS });
  for (let i = 0; i < 8; i++) s().addPanel(null);
  s().clearHistory();
});

describe("comic pages in the store", () => {
  it("lays out the board, changes a template, adds and deletes pages, each one undo step", () => {
    s().layOutPages(2);
    expect(comic().pages).toHaveLength(4);
    expect(pagePanels().every((ids) => ids.length === 2 && ids.every(Boolean))).toBe(true);
    const first = comic().pages[0]!.id;
    s().setPageTemplate(first, "three-tiers");
    expect(pagePanels().map((ids) => ids.length)).toEqual([3, 2, 2, 2]);
    expect(pagePanels()[3]).toEqual([s().panels[7]!.id, null]);
    const added = s().addPage(0, "splash");
    expect(comic().pages.map((p) => p.templateId)[1]).toBe("splash");
    s().removePage(added);
    expect(s().past.map((step) => step.label)).toEqual(["Lay out pages", "Change page layout", "Add page", "Delete page"]);
    s().undo();
    s().undo();
    expect(comic().pages[0]!.templateId).toBe("three-tiers");
    s().undo();
    expect(comic().pages[0]!.templateId).not.toBe("three-tiers");
    s().redo();
    expect(comic().pages[0]!.templateId).toBe("three-tiers");
    s().undo();
    s().undo();
    expect(comic()).toBe(DEFAULT_COMIC);
  });

  it("moves a panel to another page by moving it on the board, undone together with the board", () => {
    s().layOutPages(2);
    const ids = s().panels.map((p) => p.id);
    // Panel 1 dropped on page 3's first frame (board index 4): it lands there, the others move up.
    s().movePanelToFrame(ids[0]!, 4);
    expect(pagePanels()[2]![0]).toBe(ids[0]);
    expect(s().panels.map((p) => p.id)).toEqual([ids[1], ids[2], ids[3], ids[4], ids[0], ids[5], ids[6], ids[7]]);
    // A frame past the end of the board puts the panel last.
    s().movePanelToFrame(ids[1]!, 99);
    expect(s().panels.at(-1)!.id).toBe(ids[1]);
    s().undo();
    s().undo();
    expect(s().panels.map((p) => p.id)).toEqual(ids);
    expect(comic().pages).toHaveLength(4);
  });

  it("keeps a drag of the framing, or of a settings slider, as one undo step", () => {
    const id = s().panels[0]!.id;
    s().setFraming(id, { zoom: 1.5, cx: 0.5, cy: 0.5 }, "drag");
    s().setFraming(id, { zoom: 1.5, cx: 0.4, cy: 0.5 }, "drag");
    s().setFraming(id, { zoom: 1.5, cx: 0.4, cy: 0.5 }, "drag");
    s().updateComicSettings({ gutterPt: 12 });
    s().updateComicSettings({ gutterPt: 14 });
    s().updateComicSettings({ readingDirection: "rtl" });
    expect(s().past.map((step) => step.label)).toEqual(["Frame image", "Page settings", "Page settings"]);
    expect(comic().framing[id]).toEqual({ zoom: 1.5, cx: 0.4, cy: 0.5 });
    expect(comic().settings).toMatchObject({ gutterPt: 14, readingDirection: "rtl" });
    s().undo();
    s().undo();
    s().undo();
    expect(comic().framing).toEqual({});
    expect(comic().settings.gutterPt).toBe(DEFAULT_COMIC.settings.gutterPt);
  });

  it("undoes a board edit made after a page edit without losing the page edit", () => {
    s().layOutPages(4);
    s().updateShot(s().panels[0]!.id, { caption: "Dawn" });
    s().undo();
    expect(s().panels[0]!.shot.caption).toBe("");
    expect(comic().pages).toHaveLength(2);
  });
});

describe("comic pages saved and carried", () => {
  const saved = (): ProjectDoc => {
    s().layOutPages(3);
    s().setFraming(s().panels[2]!.id, { zoom: 2.5, cx: 0.2, cy: 0.7 });
    s().updateComicSettings({ trim: "b5", readingDirection: "rtl", borderPt: 3 });
    const letter = { id: "c1", panelId: s().panels[0]!.id, kind: "caption" as const, lineId: null, text: "Dawn.", x: 0.5, y: 0.1, tail: null, rotation: 0, scale: 1 };
    s().updateComic((c: Comic) => ({ ...c, letters: [letter] }), "Add caption");
    return { version: STATE_VERSION, characters: [], panels: s().panels, projectSettings: s().projectSettings };
  };

  it("loads a project saved before comic pages with none, and one saved with pages exactly as saved", () => {
    const old = JSON.parse(JSON.stringify(emptyDoc())) as { projectSettings: Record<string, unknown> };
    delete old.projectSettings.comic;
    expect(sanitizeProject(old).doc.projectSettings.comic).toEqual(DEFAULT_COMIC);
    const doc = saved();
    const loaded = sanitizeProject(JSON.parse(JSON.stringify(doc)));
    expect(loaded.report.dropped).toEqual([]);
    expect(loaded.doc.projectSettings.comic).toEqual(doc.projectSettings.comic);
  });

  it("keeps the project's defaults when its comic is damaged, and reports what was set aside", () => {
    const doc = JSON.parse(JSON.stringify(saved())) as ProjectDoc;
    (doc.projectSettings.comic.pages as unknown[]).push({ templateId: 5 });
    const loaded = sanitizeProject(doc);
    expect(loaded.doc.projectSettings.defaults).toEqual(doc.projectSettings.defaults);
    expect(loaded.doc.projectSettings.comic.pages).toHaveLength(3);
    expect(loaded.report.dropped).toEqual([{ what: "Comic page #4", why: "invalid; set aside" }]);
  });

  it("travels in the project bundle: import gives back pages, framing, settings and lettering", async () => {
    const doc = saved();
    const bundle = await exportBundle({ name: "Pages", doc }, async () => undefined);
    const result = await readBundle(bundle);
    expect(result.doc.projectSettings.comic).toEqual(doc.projectSettings.comic);
    expect(result.doc.projectSettings.comic.pages).toHaveLength(3);
  });
});

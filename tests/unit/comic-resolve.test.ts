import { describe, expect, it } from "vitest";
import { DEFAULT_COMIC, DEFAULT_FRAMING, type Comic, type ComicLetter } from "@/lib/comic/comic-schema";
import { autoTemplates, flowPanels, pagesForOverflow } from "@/lib/comic/flow";
import { implicitLetterId, resolveComic, type ComicPanel } from "@/lib/comic/resolve";
import { sanitizeComic } from "@/lib/comic/sanitize";
import { frameCount, templateById } from "@/lib/comic/templates";
import type { DialogueLine } from "@/lib/state/panel-schema";

const panel = (id: string, dialogue: DialogueLine[] = []): ComicPanel => ({ id, shot: { dialogue } });
const line = (id: string, text: string, x: number, y: number, speakerId: string | null = "ann"): DialogueLine => ({ id, speakerId, text, x, y });
const panels = (n: number) => Array.from({ length: n }, (_, i) => panel(`p${i + 1}`));
const comicOf = (templates: string[], extra: Partial<Comic> = {}): Comic => ({ ...DEFAULT_COMIC, pages: templates.map((templateId, i) => ({ id: `page-${i + 1}`, templateId })), ...extra });
const cast = new Map([["ann", "Ann"]]);
const letter = (over: Partial<ComicLetter>): ComicLetter => ({ id: "l", panelId: "p1", kind: "caption", lineId: null, text: "Meanwhile", x: 0.5, y: 0.1, tail: null, rotation: 0, scale: 1, ...over });

describe("flow", () => {
  it("fills pages in board order, as many panels as each template has frames, empty frames last", () => {
    const { pages, overflow } = flowPanels(comicOf(["two-tiers", "three-tiers", "grid-4"]).pages, ["a", "b", "c", "d", "e", "f", "g"]);
    expect(pages.map((p) => p.panelIds)).toEqual([["a", "b"], ["c", "d", "e"], ["f", "g", null, null]]);
    expect(pages.map((p) => p.start)).toEqual([0, 2, 5]);
    expect(overflow).toEqual([]);
    expect(flowPanels(comicOf(["two-tiers"]).pages, ["a", "b", "c"]).overflow).toEqual(["c"]);
  });

  it("lays out a board automatically: about five a page, shared evenly, varied layouts", () => {
    const twelve = autoTemplates(12);
    expect(twelve.map((id) => frameCount(templateById(id)))).toEqual([4, 4, 4]);
    expect(new Set(twelve).size).toBeGreaterThan(1);
    expect(autoTemplates(8, 2).map((id) => frameCount(templateById(id)))).toEqual([2, 2, 2, 2]);
    expect(autoTemplates(120).length).toBe(24);
    expect(autoTemplates(7, 5, true).every((id) => templateById(id).group === "manga" || frameCount(templateById(id)) === 3)).toBe(true);
    expect(autoTemplates(0)).toEqual([]);
    expect(pagesForOverflow(3).map((p) => frameCount(templateById(p.templateId)))).toEqual([3]);
  });
});

describe("resolveComic", () => {
  it("places each page's panels in its frames, empty frames as null, with the project's geometry and framing", () => {
    const comic = comicOf(["splash", "grid-4"], { framing: { p2: { zoom: 2, cx: 0.3, cy: 0.6 } } });
    const resolved = resolveComic(comic, panels(3), cast);
    expect(resolved.trim).toEqual({ width: 477, height: 738 });
    expect(resolved).toMatchObject({ bleed: 9, margin: 36, gutter: 9, border: 1.5, readingDirection: "ltr" });
    expect(resolved.pages.map((p) => [p.number, p.templateId, p.frames.map((f) => f.panelId)])).toEqual([
      [1, "splash", ["p1"]],
      [2, "grid-4", ["p2", "p3", null, null]],
    ]);
    expect(resolved.pages[1]!.frames[0]!.framing).toEqual({ zoom: 2, cx: 0.3, cy: 0.6 });
    expect(resolved.pages[1]!.frames[1]!.framing).toEqual(DEFAULT_FRAMING);
    expect(resolved.pages[1]!.frames.map((f) => f.readingIndex)).toEqual([0, 1, 2, 3]);
  });

  it("letters dialogue without a letter record as speech balloons, with stable ids and the line's words and speaker", () => {
    const board = [panel("p1", [line("a", "Is anyone home?", 0.3, 0.2), line("b", "   ", 0.5, 0.5), line("c", "(thunder)", 0.7, 0.8, null)])];
    const [page] = resolveComic(comicOf(["splash"]), board, cast).pages;
    expect(page!.letters.map((l) => [l.id, l.kind, l.displayText, l.speaker, l.number])).toEqual([
      [implicitLetterId("a"), "speech", "Is anyone home?", "Ann", 1],
      [implicitLetterId("c"), "speech", "(thunder)", null, 2],
    ]);
    const first = page!.letters[0]!;
    expect([first.x, first.y, first.lineId]).toEqual([0.3, 0.2, "a"]);
    expect(first.tail!.y).toBeGreaterThan(first.y);
    expect(resolveComic(comicOf(["splash"]), board, cast).pages[0]!.letters[0]!.id).toBe(first.id);
  });

  it("takes a lettered line's words from the line, and stored letters replace the implicit one", () => {
    const board = [panel("p1", [line("a", "Hello", 0.3, 0.2)])];
    const stored = [letter({ id: "s1", kind: "speech", lineId: "a", text: "stale", x: 0.6, y: 0.4 }), letter({ id: "s2", lineId: "gone", text: "Kept text", y: 0.9 })];
    const [page] = resolveComic(comicOf(["splash"], { letters: stored }), board, cast).pages;
    expect(page!.letters.map((l) => [l.id, l.displayText, l.speaker])).toEqual([
      ["s1", "Hello", "Ann"],
      ["s2", "Kept text", null],
    ]);
  });

  it("numbers letters in reading order: frame by frame, top to bottom, across right to left for manga", () => {
    const board = [panel("p1", [line("low", "low", 0.5, 0.8), line("high", "high", 0.5, 0.1)]), panel("p2", [line("x", "second frame", 0.5, 0.05)])];
    const side = [letter({ id: "left", panelId: "p1", text: "left", x: 0.1, y: 0.5 }), letter({ id: "right", panelId: "p1", text: "right", x: 0.9, y: 0.5 })];
    const ltr = resolveComic(comicOf(["two-columns"], { letters: side }), board, cast).pages[0]!;
    expect(ltr.letters.map((l) => l.displayText)).toEqual(["high", "left", "right", "low", "second frame"]);
    expect(ltr.letters.map((l) => l.number)).toEqual([1, 2, 3, 4, 5]);
    const rtlComic = comicOf(["two-columns"], { letters: side, settings: { ...DEFAULT_COMIC.settings, readingDirection: "rtl" } });
    const rtl = resolveComic(rtlComic, board, cast).pages[0]!;
    expect(rtl.letters.map((l) => l.displayText)).toEqual(["high", "right", "left", "low", "second frame"]);
    // The first panel reads first, so on a right-to-left page it sits in the right-hand frame.
    expect(rtl.frames[0]!.rect.x).toBeGreaterThan(rtl.frames[1]!.rect.x);
  });

  it("resolves a 24-page comic of 120 panels in a small part of the page view's 500 ms budget", () => {
    const board = Array.from({ length: 120 }, (_, i) => panel(`p${i}`, [line(`l${i}`, "Words here", 0.3, 0.2), line(`m${i}`, "And more", 0.7, 0.6)]));
    const comic = comicOf(autoTemplates(120));
    resolveComic(comic, board, cast);
    const started = performance.now();
    for (let i = 0; i < 10; i++) resolveComic(comic, board, cast);
    const each = (performance.now() - started) / 10;
    expect(resolveComic(comic, board, cast).pages).toHaveLength(24);
    // Milliseconds on a quiet machine; the bound leaves room for a busy one.
    expect(each).toBeLessThan(100);
  });
});

describe("sanitizeComic", () => {
  it("gives older saves no pages, and keeps what is valid of a damaged comic, saying what was set aside", () => {
    expect(sanitizeComic(undefined)).toEqual({ comic: DEFAULT_COMIC, dropped: [] });
    const { comic, dropped } = sanitizeComic({
      settings: { ...DEFAULT_COMIC.settings, gutterPt: 500, readingDirection: "rtl" },
      pages: [{ id: "a", templateId: "splash" }, { id: "" }],
      framing: { p1: { zoom: 2, cx: 0.5, cy: 0.5 }, p2: { zoom: 0 } },
      letters: [letter({}), { id: "bad" }],
    });
    expect(comic.settings).toEqual({ ...DEFAULT_COMIC.settings, readingDirection: "rtl" });
    expect(comic.pages).toEqual([{ id: "a", templateId: "splash" }]);
    expect(Object.keys(comic.framing)).toEqual(["p1"]);
    expect(comic.letters).toHaveLength(1);
    expect(dropped.map((d) => d.what)).toEqual(["Comic setting “gutterPt”", "Comic page #2", "Lettering #2", "A panel's framing on its page"]);
  });
});

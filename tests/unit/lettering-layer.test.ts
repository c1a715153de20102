import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_COMIC, type ReadingDirection } from "@/lib/comic/comic-schema";
import { resolveComic, type ComicPanel } from "@/lib/comic/resolve";
import { LetteringLayer } from "@/components/comic/lettering-layer";
import { useLettering } from "@/components/comic/lettering-state";

// next/font is a build-time transform: in Node it only has to name the faces.
vi.mock("next/font/local", () => ({ default: (o: { variable: string }) => ({ variable: o.variable.slice(2), style: { fontFamily: "'Test Face'" }, className: "" }) }));

const line = (id: string, text: string, x: number, y: number) => ({ id, speakerId: null, text, x, y });
const panels: ComicPanel[] = [
  { id: "p1", shot: { dialogue: [line("a", "First, up top.", 0.5, 0.15), line("b", "Second, below.", 0.5, 0.6)] } },
  { id: "p2", shot: { dialogue: [line("c", "Third, next panel.", 0.5, 0.3)] } },
];

function render(direction: ReadingDirection, editable: boolean, numbers = true) {
  const comic = { ...DEFAULT_COMIC, settings: { ...DEFAULT_COMIC.settings, readingDirection: direction }, pages: [{ id: "pg", templateId: "two-columns" }] };
  const page = resolveComic(comic, panels, new Map()).pages[0]!;
  const html = renderToStaticMarkup(createElement(LetteringLayer, { page, scale: 1.5, editable, numbers }));
  const letters = html
    .split("<g data-letter=")
    .slice(1)
    .map((chunk) => {
      const badge = /data-part="number" transform="translate\(([\d.]+) [\d.]+\)".*?<text[^>]*>(\d+)<\/text>/.exec(chunk);
      return { id: /^"([^"]+)"/.exec(chunk)![1]!, badgeX: Number(badge?.[1]), shown: Number(badge?.[2]) };
    });
  return { html, letters };
}

beforeEach(() => useLettering.setState({ selectedId: null, editingId: null }));

describe("lettering layer", () => {
  it("numbers balloons in reading order, left to right", () => {
    const { letters } = render("ltr", false);
    expect(letters.map((l) => l.id)).toEqual(["line-a", "line-b", "line-c"]);
    expect(letters.map((l) => l.shown)).toEqual([1, 2, 3]);
    // The next panel's balloon is to the right.
    expect(letters[2]!.badgeX).toBeGreaterThan(letters[0]!.badgeX);
  });

  it("numbers them right to left for manga, the first panel on the right", () => {
    const { letters } = render("rtl", false);
    expect(letters.map((l) => l.shown)).toEqual([1, 2, 3]);
    expect(letters.map((l) => l.id)).toEqual(["line-a", "line-b", "line-c"]);
    expect(letters[2]!.badgeX).toBeLessThan(letters[0]!.badgeX);
  });

  it("hides numbers unless asked, and draws each balloon's words in the lettering face", () => {
    // The toolbar's toggle starts off.
    expect(useLettering.getState().showNumbers).toBe(false);
    const { html } = render("ltr", false, false);
    expect(html).not.toContain('data-part="number"');
    for (const words of ["First, up top.", "Second, below.", "Third, next panel."]) expect(html).toContain(words.split(" ")[0]);
    expect(html).toContain('font-family="var(--font-comic-dialogue)');
    expect(html).toContain('viewBox="0 0 477 738"');
  });

  it("is reachable by keyboard and named only when editable", () => {
    const still = render("ltr", false).html;
    expect(still).not.toContain("tabindex");
    const editable = render("ltr", true).html;
    expect(editable.match(/tabindex="0"/g)).toHaveLength(3);
    expect(editable).toContain('aria-label="Speech balloon 1: First, up top."');
  });
});

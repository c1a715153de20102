import { describe, expect, it } from "vitest";
import { visualRuns } from "@/lib/export/pdf-glyphs";

/** The line as it reads on the page from left to right: right-to-left runs drawn reversed. */
const visual = (text: string) =>
  visualRuns(text)
    .map((run) => (run.rtl ? Array.from(run.text).reverse().join("") : run.text))
    .join("");

describe("PDF bidi (visual order of mixed right-to-left and left-to-right text)", () => {
  it("leaves left-to-right text alone", () => {
    expect(visualRuns("Shot 3: wide")).toEqual([{ text: "Shot 3: wide", rtl: false }]);
    expect(visualRuns("")).toEqual([]);
  });

  it("keeps numbers left to right inside Hebrew and Arabic", () => {
    expect(visual("שלום 123 עולם")).toBe("םלוע 123 םולש");
    expect(visual("السعر 25 دولار")).toBe("رالود 25 رعسلا");
    // Arabic-Indic digits and a Latin name in an Arabic line.
    expect(visual("مرحبا ١٢٣ Ferris")).toBe("Ferris ١٢٣ ابحرم");
  });

  it("puts a Latin phrase with a version number in a Hebrew line where it reads, punctuation at the line's end", () => {
    expect(visual("אני אוהב Castboard 2.0!")).toBe("!Castboard 2.0 בהוא ינא");
    expect(visualRuns("אני אוהב Castboard 2.0!")).toEqual([
      { text: "!", rtl: true },
      { text: "Castboard 2.0", rtl: false },
      { text: "אני אוהב ", rtl: true },
    ]);
  });

  it("orders Hebrew in a Latin line, with a number after it, as the Unicode algorithm does", () => {
    expect(visual("Hello שלום world")).toBe("Hello םולש world");
    // The number follows the Hebrew, so it sits to the Hebrew's left.
    expect(visual("Shot 3: שלום עולם 42%")).toBe("Shot 3: 42% םלוע םולש");
  });

  it("mirrors brackets in right-to-left runs", () => {
    expect(visual("(שלום)")).toBe("(םולש)");
    expect(visual("Ferris: שלום (עולם)")).toBe("Ferris: (םלוע) םולש");
  });

  it("keeps a character outside the BMP with its neighbours", () => {
    expect(visual("עברית 😀 עברית")).toBe("תירבע 😀 תירבע");
  });

  it("gives letters outside the BMP their own direction: a math bold line stays left to right, Phoenician reads right to left", () => {
    expect(visual("𝐀𝐁 שלום")).toBe("𝐀𝐁 םולש");
    expect(visualRuns("𐤀𐤁 abc")).toEqual([
      { text: "abc", rtl: false },
      { text: "𐤀𐤁 ", rtl: true },
    ]);
  });
});

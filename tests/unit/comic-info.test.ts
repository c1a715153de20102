import { readFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { cbzPageSize, packCbz } from "@/lib/comic/export/cbz";
import { comicInfoXml } from "@/lib/comic/export/comic-info";
import { checkAgainstXsd, parseXml } from "../support/xsd-check";

const XSD = readFileSync(path.resolve(import.meta.dirname, "../fixtures/comicinfo/ComicInfo-v2.0.xsd"), "utf8");
const page = (n: number) => ({ bytes: new Uint8Array(n), width: 1988, height: 3072, extension: "jpg" as const });

describe("ComicInfo.xml", () => {
  it("is valid against the ComicInfo v2.0 schema, for both reading directions and awkward titles", () => {
    for (const readingDirection of ["ltr", "rtl"] as const) {
      const xml = comicInfoXml({ title: `Tom & Jerry <"vol. 1"> \u0007`, readingDirection, pages: [1, 2, 3].map((n) => ({ width: 1988, height: 3072, bytes: n * 1000 })) });
      expect(checkAgainstXsd(XSD, xml)).toEqual([]);
      const doc = parseXml(xml);
      const el = (name: string) => doc.children.find((c) => c.name === name);
      expect(el("Title")!.text).toBe(`Tom & Jerry <"vol. 1"> `);
      expect(el("PageCount")!.text).toBe("3");
      expect(el("Manga")!.text).toBe(readingDirection === "rtl" ? "YesAndRightToLeft" : "No");
      const pages = el("Pages")!.children;
      expect(pages.map((p) => p.attrs.Image)).toEqual(["0", "1", "2"]);
      expect(pages.map((p) => p.attrs.Type ?? "Story")).toEqual(["FrontCover", "Story", "Story"]);
      expect(pages.every((p) => p.attrs.ImageWidth === "1988" && p.attrs.ImageHeight === "3072")).toBe(true);
    }
  });

  it("the schema check catches what a reader would reject: order, unknown elements, bad enums, missing attributes", () => {
    const good = comicInfoXml({ title: "T", readingDirection: "ltr", pages: [{ width: 1, height: 1, bytes: 1 }] });
    expect(checkAgainstXsd(XSD, good.replace("<Manga>No</Manga>", "<Manga>Sideways</Manga>"))[0]).toMatch(/Sideways/);
    expect(checkAgainstXsd(XSD, good.replace(/<Title>T<\/Title>\n(.*)<PageCount>1<\/PageCount>/s, "<PageCount>1</PageCount>\n$1<Title>T</Title>")).join()).toMatch(/out of the schema's order/);
    expect(checkAgainstXsd(XSD, good.replace("<Notes>", "<Colour>x</Colour><Notes>")).join()).toMatch(/Colour/);
    expect(checkAgainstXsd(XSD, good.replace(' Image="0"', "")).join()).toMatch(/Image is required/);
    expect(checkAgainstXsd(XSD, good.replace("<PageCount>1</PageCount>", "<PageCount>one</PageCount>")).join()).toMatch(/xs:int/);
  });
});

describe("CBZ archive", () => {
  it("holds the pages as 001.jpg… in reading order and ComicInfo.xml counting them", () => {
    const bytes = packCbz([page(10), page(20), page(30)], { title: "Harbour", readingDirection: "rtl" });
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(["001.jpg", "002.jpg", "003.jpg", "ComicInfo.xml"]);
    expect(files["002.jpg"]!.length).toBe(20);
    const xml = strFromU8(files["ComicInfo.xml"]!);
    expect(checkAgainstXsd(XSD, xml)).toEqual([]);
    expect(xml).toContain("<PageCount>3</PageCount>");
    expect(xml).toContain('ImageSize="30"');
  });

  it("renders pages at 300 dpi, no wider than 1988 px", () => {
    expect(cbzPageSize({ width: 477, height: 738 })).toMatchObject({ width: 1988, height: 3076 });
    expect(cbzPageSize({ width: 595.28, height: 841.89 }).width).toBe(1988);
  });
});

import type { ReadingDirection } from "../comic-schema";

/**
 * `ComicInfo.xml` for a CBZ, after the Anansi project's ComicInfo v2.0 schema (the one comic
 * readers such as Komga, Kavita and CDisplayEx read): the elements we know, in the order its
 * xs:sequence requires, and a Page entry per image with its size. The first page is the cover.
 */
export interface ComicInfoInput {
  title: string;
  readingDirection: ReadingDirection;
  pages: { width: number; height: number; bytes: number }[];
}

const escapeXml = (text: string) =>
  text
    // Characters XML 1.0 cannot hold at all.
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export function comicInfoXml({ title, readingDirection, pages }: ComicInfoInput): string {
  const pageEntries = pages.map(
    (p, i) => `    <Page Image="${i}"${i === 0 ? ' Type="FrontCover"' : ""} ImageSize="${p.bytes}" ImageWidth="${p.width}" ImageHeight="${p.height}" />`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<ComicInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `  <Title>${escapeXml(title.trim() || "Untitled comic")}</Title>`,
    "  <Notes>Made with Castboard.</Notes>",
    `  <PageCount>${pages.length}</PageCount>`,
    `  <Manga>${readingDirection === "rtl" ? "YesAndRightToLeft" : "No"}</Manga>`,
    "  <Pages>",
    ...pageEntries,
    "  </Pages>",
    "</ComicInfo>",
    "",
  ].join("\n");
}

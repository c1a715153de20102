import { zipSync, strToU8 } from "fflate";
import { comicInfoXml, type ComicInfoInput } from "./comic-info";

/**
 * A CBZ is a ZIP of page images named so they sort in reading order, with `ComicInfo.xml`
 * beside them. Images are stored, not compressed again (JPEG and PNG already are).
 */
export interface CbzPage {
  bytes: Uint8Array;
  width: number;
  height: number;
  extension: "jpg" | "png";
}

export const pageFileName = (index: number, extension: string) => `${String(index + 1).padStart(3, "0")}.${extension}`;

export function packCbz(pages: CbzPage[], info: Omit<ComicInfoInput, "pages">): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  pages.forEach((page, i) => (files[pageFileName(i, page.extension)] = [page.bytes, { level: 0 }]));
  files["ComicInfo.xml"] = [strToU8(comicInfoXml({ ...info, pages: pages.map((p) => ({ width: p.width, height: p.height, bytes: p.bytes.length })) })), { level: 6 }];
  return zipSync(files);
}

/** Pages at print resolution (300 dpi), capped at this width: 1988 px is a US comic page at 300 dpi, and plenty for any screen. */
export const CBZ_MAX_WIDTH = 1988;

export function cbzPageSize(trim: { width: number; height: number }): { width: number; height: number; scale: number } {
  const width = Math.min(CBZ_MAX_WIDTH, Math.round((trim.width / 72) * 300));
  const scale = width / trim.width;
  return { width, height: Math.round(trim.height * scale), scale };
}

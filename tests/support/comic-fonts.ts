import { readFileSync } from "node:fs";
import path from "node:path";
import { COMIC_FONTS, type ComicFontKey } from "@/lib/comic/comic-fonts";

/** A lettering face's TrueType bytes in Node (PDF and canvas export tests), from the same package file the app bundles. */
export function readComicFont(key: ComicFontKey): Uint8Array {
  return new Uint8Array(readFileSync(path.resolve(import.meta.dirname, "../../node_modules", COMIC_FONTS[key].file)));
}

import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The fonts PDF exports embed, served from the `dejavu-fonts-ttf` package so nothing is fetched
 * from the internet and no binary is copied into the repository. DejaVu covers Latin, Greek,
 * Cyrillic, Hebrew, Arabic and more.
 */
export const EXPORT_FONTS = { "sans.ttf": "DejaVuSans.ttf", "sans-bold.ttf": "DejaVuSans-Bold.ttf" } as const;
export type ExportFontName = keyof typeof EXPORT_FONTS;

export function isExportFont(name: string): name is ExportFontName {
  return Object.hasOwn(EXPORT_FONTS, name);
}

export function readExportFont(name: ExportFontName): Promise<Buffer> {
  return readFile(path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf", EXPORT_FONTS[name]));
}

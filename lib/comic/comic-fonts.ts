import type { LetterKind } from "./comic-schema";

/**
 * The comic's lettering faces, bundled from npm (open licences, SIL OFL 1.1) so nothing is fetched
 * from the internet: Comic Neue Bold for balloons and captions, Bangers for sound effects. The
 * packages ship TrueType files, which pdf-lib embeds (subset) as they are. Latin scripts only:
 * other characters fall back to the browser's fonts on screen and to the PDF's missing-glyph mark.
 */
export const COMIC_FONTS = {
  dialogue: {
    family: "Comic Neue",
    weight: 700,
    /** The CSS variable the lettering layer sets (components/comic/lettering-fonts.ts). */
    cssVar: "--font-comic-dialogue",
    /** Inside node_modules. */
    file: "@expo-google-fonts/comic-neue/700Bold/ComicNeue_700Bold.ttf",
    /** From the font's hhea table, in ems: where a baseline sits in a line box. */
    ascent: 0.9,
    descent: 0.25,
    capHeight: 0.67,
  },
  display: {
    family: "Bangers",
    weight: 400,
    cssVar: "--font-comic-display",
    file: "@expo-google-fonts/bangers/400Regular/Bangers_400Regular.ttf",
    ascent: 0.883,
    descent: 0.181,
    capHeight: 0.721,
  },
} as const;
export type ComicFontKey = keyof typeof COMIC_FONTS;

/** Which face each kind of letter is set in. */
export const LETTER_FONT: Record<LetterKind, ComicFontKey> = { speech: "dialogue", thought: "dialogue", caption: "dialogue", sfx: "display" };

/** A CSS font-family value for a face: the loaded web font first, then the fallbacks a browser has. */
export function cssFontFamily(key: ComicFontKey): string {
  const fallback = key === "display" ? "Impact, 'Arial Black', sans-serif" : "'Comic Sans MS', 'Chalkboard SE', ui-rounded, sans-serif";
  return `var(${COMIC_FONTS[key].cssVar}), ${fallback}`;
}

/**
 * The bundled file's URL in the built app (the bundler copies the font next to the scripts and
 * rewrites this to its hashed address). Kept as one literal per face so the bundler can see each.
 */
function fontUrl(key: ComicFontKey): URL {
  return key === "display"
    ? new URL("../../node_modules/@expo-google-fonts/bangers/400Regular/Bangers_400Regular.ttf", import.meta.url)
    : new URL("../../node_modules/@expo-google-fonts/comic-neue/700Bold/ComicNeue_700Bold.ttf", import.meta.url);
}

const cache = new Map<ComicFontKey, Promise<Uint8Array>>();

/**
 * TrueType bytes of a face, for the PDF and image exports in the browser. Loaded once per page;
 * a failed load is forgotten so the next export tries again.
 */
export function comicFontBytes(key: ComicFontKey): Promise<Uint8Array> {
  let pending = cache.get(key);
  if (!pending) {
    pending = fetch(fontUrl(key)).then(async (response) => {
      if (!response.ok) throw new Error(`The ${COMIC_FONTS[key].family} lettering font could not be loaded (HTTP ${response.status}). Reload the page and try again.`);
      return new Uint8Array(await response.arrayBuffer());
    });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

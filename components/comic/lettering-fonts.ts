import localFont from "next/font/local";

/**
 * The lettering faces for the screen, from the same npm files the exports embed
 * (`lib/comic/comic-fonts.ts`), served by the app itself. Not preloaded: only the Pages view needs them.
 */
const comicNeue = localFont({
  src: "../../node_modules/@expo-google-fonts/comic-neue/700Bold/ComicNeue_700Bold.ttf",
  weight: "700",
  variable: "--font-comic-dialogue",
  display: "swap",
  preload: false,
});

const bangers = localFont({
  src: "../../node_modules/@expo-google-fonts/bangers/400Regular/Bangers_400Regular.ttf",
  weight: "400",
  variable: "--font-comic-display",
  display: "swap",
  preload: false,
});

/** Class names that define both CSS variables on an element and its children. */
export const letteringFontVariables = `${comicNeue.variable} ${bangers.variable}`;

/** The loaded families, as canvas `ctx.font` needs them (it cannot read CSS variables). */
export const letteringFontFamilies = { dialogue: comicNeue.style.fontFamily, display: bangers.style.fontFamily } as const;

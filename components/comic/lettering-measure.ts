"use client";
import { useEffect, useState } from "react";
import { COMIC_FONTS, type ComicFontKey } from "@/lib/comic/comic-fonts";
import type { LetterMeasure } from "@/lib/comic/letter-layout";
import { letteringFontFamilies } from "./lettering-fonts";

let context: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();

/** A canvas font shorthand for a lettering face: the family as next/font named it. */
export const canvasFont = (key: ComicFontKey, size: number) => `${COMIC_FONTS[key].weight} ${size}px ${letteringFontFamilies[key]}`;

/**
 * Text widths from the browser's own metrics in the loaded lettering faces, so the layout wraps as
 * the SVG draws. Widths are linear in size: measured once at 100 and cached per face and text.
 */
export const measureLetter: LetterMeasure = (text, font, size) => {
  const key = `${font}\u0000${text}`;
  let width = cache.get(key);
  if (width === undefined) {
    context ??= typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
    if (context) {
      context.font = canvasFont(font, 100);
      width = context.measureText(text).width / 100;
    } else width = Array.from(text).length * 0.5;
    if (cache.size > 20_000) cache.clear();
    cache.set(key, width);
  }
  return width * size;
};

let ready: Promise<void> | null = null;

/** Becomes true once both faces are in: text measured in a fallback face would wrap differently. */
export function useLetteringFontsReady(): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    ready ??= Promise.all((Object.keys(COMIC_FONTS) as ComicFontKey[]).map((key) => document.fonts.load(canvasFont(key, 16), "Ag")))
      // A face that cannot load leaves the fallback's widths, which then are right.
      .catch(() => undefined)
      .then(() => {
        // Widths taken before the faces arrived were a fallback's.
        cache.clear();
      });
    void ready.then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

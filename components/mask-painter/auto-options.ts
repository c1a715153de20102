/** The refine menu's pixel field: DOM-free, so its rule is unit tested in Node. */
export const REFINE_MIN_PX = 1;
export const REFINE_MAX_PX = 50;

/** The field's value as a whole number of pixels in range, or null when it is not one. */
export function refinePixels(text: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= REFINE_MIN_PX && value <= REFINE_MAX_PX ? value : null;
}

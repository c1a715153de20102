/**
 * Which grey the character region gets in the mask sent to Ideogram.
 *
 * No public document states the polarity. ComfyUI's Ideogram node inverts its
 * white-means-selected masks before upload, and Ideogram's edit masks paint the active
 * region black, so Castboard paints the character black and the rest white by default.
 * Users can flip it with the "invert mask polarity" setting; everything reads this one constant.
 */
export const MASK_CHARACTER_VALUE = 0;
export const MASK_BACKGROUND_VALUE = 255 - MASK_CHARACTER_VALUE;

/** True when a mask pixel's grey value marks the character under the given polarity. */
export function isCharacterPixel(grey: number, inverted = false): boolean {
  const characterIsDark = (MASK_CHARACTER_VALUE < 128) !== inverted;
  return characterIsDark ? grey < 128 : grey >= 128;
}

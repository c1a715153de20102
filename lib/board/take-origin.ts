import { recipeOrigin, type ImageSource, type Take, type TakeOrigin } from "../state/panel-schema";

/** How a take came about, in the words the takes list, the shot list and the dialogs share. */
export const ORIGIN_LABELS: Record<TakeOrigin, string> = { generate: "Generate", fix: "Fix", restage: "Restage" };

export function takeOrigin(take: Take): TakeOrigin {
  return recipeOrigin(take.recipe);
}

/** A take's number as the takes list shows it (the first take is 1), or null once it is deleted. */
export function takeNumber(takes: readonly Take[], takeId: string): number | null {
  const index = takes.findIndex((t) => t.id === takeId);
  return index < 0 ? null : index + 1;
}

/** "take 2", "take 2, image 3", "a deleted take", "the sketch", "upload “layout.png”". */
export function sourceLabel(source: ImageSource, takes: readonly Take[]): string {
  switch (source.kind) {
    case "take": {
      const number = takeNumber(takes, source.takeId);
      if (number === null) return "a deleted take";
      const images = takes[number - 1]!.images.length;
      return images > 1 ? `take ${number}, image ${source.imageIndex + 1}` : `take ${number}`;
    }
    case "sketch":
      return "the sketch";
    case "upload":
      return `upload “${source.fileName}”`;
  }
}

/** What a restage's strength keeps of its image, in words: the slider's value alone says little. */
export function strengthWords(strength: number): string {
  if (strength >= 0.9) return "Keeps the layout almost exactly";
  if (strength >= 0.7) return "Keeps most of the layout";
  if (strength >= 0.45) return "Keeps the broad composition";
  if (strength >= 0.2) return "Loosely follows the layout";
  return "Loosely inspired by it";
}

export function formatStrength(strength: number): string {
  return strength.toFixed(2);
}

import { maskSourceOf, type Character } from "../state/schema";

/** What a character card says about the mask the character uses, and in which tone. */
export function maskStatus(character: Pick<Character, "mask" | "maskSource" | "maskCheck">, proposing = false): { label: string; tone: "none" | "check" | "done" } {
  const source = maskSourceOf(character);
  if (proposing && source === "none") return { label: "Finding the mask…", tone: "none" };
  if (source === "none") return { label: "No mask", tone: "none" };
  if (source === "painted") return { label: "Mask painted", tone: "done" };
  return { label: character.maskCheck ? `Auto mask — ${character.maskCheck}, check it` : "Auto mask — check it", tone: "check" };
}

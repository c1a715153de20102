"use client";
import { collectGarbage } from "../storage/blob-store";
import { characterBlobIds } from "../state/schema";
import { useCastboard } from "../state/store";

/** Frees every stored image that no character refers to any more. */
export async function freeUnreferencedImages(): Promise<number> {
  const referenced = new Set(useCastboard.getState().characters.flatMap(characterBlobIds));
  return collectGarbage(referenced);
}

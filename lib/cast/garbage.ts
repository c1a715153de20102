"use client";
import { collectGarbage } from "../storage/blob-store";
import { panelBlobIds } from "../state/panel-schema";
import { characterBlobIds } from "../state/schema";
import { useCastboard } from "../state/store";

/** Frees every stored image that no character refers to any more. */
export async function freeUnreferencedImages(): Promise<number> {
  const { characters, panels } = useCastboard.getState();
  const referenced = new Set([...characters.flatMap(characterBlobIds), ...panels.flatMap(panelBlobIds)]);
  return collectGarbage(referenced);
}

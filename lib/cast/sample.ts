"use client";
import "client-only";
import type { Character } from "../state/schema";
import { SAMPLE_CHARACTER } from "../samples/sample-storyboard";
import { putBlob } from "../storage/blob-store";
import { useCastboard } from "../state/store";
import { addCharacterFromFile } from "./add-character";

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The sample could not be loaded (HTTP ${response.status}). Check the connection to Castboard and try again.`);
  return response.blob();
}

/** The sample character a newcomer can add in one click: Ferris with a mask already painted. */
export async function addSampleCharacter(): Promise<Character> {
  const [reference, mask] = await Promise.all([fetchBlob(SAMPLE_CHARACTER.reference), fetchBlob(SAMPLE_CHARACTER.mask)]);
  const character = await addCharacterFromFile(Object.assign(reference, { name: "ferris.jpg" }), { proposeMask: false });
  const store = useCastboard.getState();
  store.renameCharacter(character.id, SAMPLE_CHARACTER.name);
  store.updateNotes(character.id, SAMPLE_CHARACTER.notes);
  // The mask fits the reference as shipped; a smaller "longest edge" setting rescales the reference, and then it goes without.
  if (character.reference.width === SAMPLE_CHARACTER.width) {
    const blobId = await putBlob(mask);
    store.setMask(character.id, { blobId, type: "image/png", width: SAMPLE_CHARACTER.width, height: SAMPLE_CHARACTER.height, bytes: mask.size });
  }
  return useCastboard.getState().characters.find((c) => c.id === character.id) ?? character;
}

"use client";
import { putBlob } from "../storage/blob-store";
import { useCastboard } from "../state/store";
import { addCharacterFromFile } from "./add-character";

/** The sample character a newcomer can add in one click: Ferris with a mask already painted. */
export const SAMPLE = { reference: "/samples/ferris.jpg", mask: "/samples/ferris-mask.png", name: "Ferris" } as const;

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The sample could not be loaded (${response.status}).`);
  return response.blob();
}

export async function addSampleCharacter(): Promise<void> {
  const [reference, mask] = await Promise.all([fetchBlob(SAMPLE.reference), fetchBlob(SAMPLE.mask)]);
  const character = await addCharacterFromFile(Object.assign(reference, { name: "ferris.jpg" }));
  const store = useCastboard.getState();
  store.renameCharacter(character.id, SAMPLE.name);
  store.updateNotes(character.id, "Bright red crab, round body with spiky top edge, big black eyes with white highlights, wide smile, two raised claws.");
  if (character.reference.width === 1200) {
    const blobId = await putBlob(mask);
    store.setMask(character.id, { blobId, type: "image/png", width: 1200, height: 807, bytes: mask.size });
  }
}

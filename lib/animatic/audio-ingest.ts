"use client";
import "client-only";
import { isQuotaError } from "../cast/add-character";
import { formatBytes } from "../format-bytes";
import { ACCEPTED_AUDIO_NAMES, AUDIO_TYPE_NAMES, AudioIngestError, checkAudioBytes } from "./audio-sniff";
import { AUDIO_LIMITS, type AudioClip, type AudioRef } from "../state/animatic-schema";
import { useCastboard } from "../state/store";
import { putBlob } from "../storage/blob-store";

/**
 * Adding a sound clip: the file is judged by its bytes, decoded by the browser (so a clip that
 * will not play is refused now, not at export), and stored as a Blob beside the images. Only once
 * all that has worked does the project change: a failed file leaves the clip that was there.
 */

let context: OfflineAudioContext | undefined;
/** decodeAudioData without a sound device: an offline context is enough to decode. */
async function decode(bytes: Uint8Array): Promise<AudioBuffer> {
  context ??= new OfflineAudioContext(1, 1, 44_100);
  // decodeAudioData detaches the buffer it is given: hand it a copy.
  return context.decodeAudioData(bytes.slice().buffer);
}

export async function ingestAudio(file: Blob & { name?: string }): Promise<AudioRef> {
  const fileName = (file.name ?? "sound").slice(0, 255);
  const name = `“${fileName}”`;
  if (file.size === 0) throw new AudioIngestError("empty", `${name} is empty (0 bytes). Choose a ${ACCEPTED_AUDIO_NAMES} file.`);
  if (file.size > AUDIO_LIMITS.bytes) {
    throw new AudioIngestError(
      "too_large",
      `${name} is ${formatBytes(file.size)}; a sound clip can be up to ${formatBytes(AUDIO_LIMITS.bytes)}. Shorten it, or save it as MP3 or OGG, then try again.`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = checkAudioBytes(bytes, name);
  let durationSec: number;
  try {
    durationSec = (await decode(bytes)).duration;
  } catch {
    throw new AudioIngestError(
      "undecodable",
      `${name} looks like ${AUDIO_TYPE_NAMES[type]} but this browser could not decode it: it may be damaged, cut short or in a codec the browser lacks. Export it again as WAV or MP3, then try again.`,
    );
  }
  if (!(durationSec > 0)) throw new AudioIngestError("silent", `${name} decodes to no sound at all (0 seconds). Choose a file with sound in it.`);
  let blobId: string;
  try {
    blobId = await putBlob(new Blob([bytes], { type }));
  } catch (error) {
    if (isQuotaError(error)) {
      throw new AudioIngestError(
        "quota",
        `This browser's storage for Castboard is full, so ${name} was not added. Delete takes or clips you no longer need, then try again.`,
      );
    }
    throw error;
  }
  return { blobId, type, fileName, bytes: bytes.length, durationSec };
}

/** Adds or replaces a panel's clip, keeping the old clip's volume; one undo step. */
export async function setPanelClipFromFile(panelId: string, file: Blob & { name?: string }): Promise<AudioClip> {
  const audio = await ingestAudio(file);
  const state = useCastboard.getState();
  const previous = state.panels.find((p) => p.id === panelId)?.animatic.clip;
  const clip = { audio, volume: previous?.volume ?? AUDIO_LIMITS.volume.default };
  state.setPanelAnimatic(panelId, { clip }, `clip:${panelId}:${audio.blobId}`);
  return clip;
}

/** Adds or replaces the board's soundtrack, keeping the old one's volume. */
export async function setSoundtrackFromFile(file: Blob & { name?: string }): Promise<AudioClip> {
  const audio = await ingestAudio(file);
  const state = useCastboard.getState();
  const clip = { audio, volume: state.projectSettings.animatic.soundtrack?.volume ?? AUDIO_LIMITS.volume.default };
  state.setSoundtrack(clip);
  return clip;
}

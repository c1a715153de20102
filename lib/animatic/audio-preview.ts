"use client";
import "client-only";
import type { AudioClip } from "../state/animatic-schema";
import { getBlob } from "../storage/blob-store";

/**
 * Plays one clip at a time from the inspector, at its volume (up to 2x, so through a gain node
 * rather than an <audio> element, whose volume stops at 1). Starting another stops the first.
 */
let context: AudioContext | undefined;
let playing: { source: AudioBufferSourceNode; done: () => void } | null = null;
/** Counts every play and stop: a play still reading or decoding its file when another begins (or Stop) gives up. */
let generation = 0;

export function stopPreview(): void {
  generation += 1;
  const current = playing;
  playing = null;
  if (!current) return;
  current.source.onended = null;
  current.source.stop();
  current.done();
}

/** Resolves when the clip ends or is stopped; rejects when its file is gone or will not decode. */
export async function playPreview(clip: AudioClip, onEnded: () => void): Promise<void> {
  stopPreview();
  const mine = generation;
  const blob = await getBlob(clip.audio.blobId);
  if (!blob) throw new Error(`The file of “${clip.audio.fileName}” is missing from this browser's storage. Add the clip again.`);
  context ??= new AudioContext();
  await context.resume();
  const buffer = await context.decodeAudioData(await blob.arrayBuffer());
  if (mine !== generation) {
    onEnded();
    return;
  }
  const gain = context.createGain();
  gain.gain.value = clip.volume;
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.connect(gain).connect(context.destination);
  const current = { source, done: onEnded };
  source.onended = () => {
    if (playing === current) playing = null;
    onEnded();
  };
  playing = current;
  source.start();
}

import type { BlobReader } from "./frame-sources";
import type { ScheduledSound } from "./audio-schedule";

/**
 * The animatic's sound as one stereo track at 48 kHz (Opus's own rate): every scheduled clip
 * decoded, set at its place with its volume, cut where the schedule says, mixed by an
 * OfflineAudioContext (which renders off the main thread).
 */
export const MIX_SAMPLE_RATE = 48_000;

export class AudioMixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AudioMixError";
  }
}

const whose = (sound: ScheduledSound) => (sound.shot === null ? "The soundtrack" : `Shot ${sound.shot}'s sound`);

/**
 * Mixes `sounds` into `durationSec` of audio, each starting `offsetSec` later than scheduled (the
 * title card). A clip that is missing or no longer decodes stops the mix with a message naming
 * its shot and file, so the user can replace or remove it; nothing is exported silently without it.
 */
export async function mixAudio(sounds: readonly ScheduledSound[], readBlob: BlobReader, durationSec: number, offsetSec = 0): Promise<{ sampleRate: number; channels: Float32Array[] } | null> {
  if (sounds.length === 0 || durationSec <= 0) return null;
  const context = new OfflineAudioContext(2, Math.ceil(durationSec * MIX_SAMPLE_RATE), MIX_SAMPLE_RATE);
  // A file used under several shots (one effect, many times) is read and decoded once.
  const decoded = new Map<string, Promise<AudioBuffer>>();
  const decode = async (sound: ScheduledSound): Promise<AudioBuffer> => {
    const blob = await readBlob(sound.clip.audio.blobId);
    if (!blob) throw new AudioMixError(`${whose(sound)} (${sound.clip.audio.fileName}) is missing from this browser's storage. Add the file again or remove the clip, then export.`);
    try {
      return await context.decodeAudioData(await blob.arrayBuffer());
    } catch {
      throw new AudioMixError(`${whose(sound)} (${sound.clip.audio.fileName}) no longer decodes. Replace or remove the clip, then export.`);
    }
  };
  const buffers = await Promise.all(
    sounds.map((sound) => {
      const id = sound.clip.audio.blobId;
      if (!decoded.has(id)) decoded.set(id, decode(sound));
      return decoded.get(id)!;
    }),
  );
  sounds.forEach((sound, i) => {
    const source = new AudioBufferSourceNode(context, { buffer: buffers[i]! });
    const gain = new GainNode(context, { gain: sound.clip.volume });
    source.connect(gain).connect(context.destination);
    source.start(offsetSec + sound.startSec, 0, sound.maxSec);
  });
  const mixed = await context.startRendering();
  return { sampleRate: MIX_SAMPLE_RATE, channels: [mixed.getChannelData(0), mixed.getChannelData(1)] };
}

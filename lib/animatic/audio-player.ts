import "client-only";
import { getBlob } from "../storage/blob-store";
import type { ScheduledSound } from "./audio-schedule";
import { soundStarts } from "./playback";

/** A sound of the schedule that could not be played, to name in a notice. */
export interface FailedSound {
  shot: number | null;
  fileName: string;
}

/**
 * Plays the animatic's sounds with the Web Audio API on the board's clock. Each file is decoded
 * once (clips sharing a file share the decode); playback starts at any point of the board, each
 * sound at its own offset; a sound whose file is gone or does not decode is left out and reported.
 */
export class AnimaticAudio {
  private context: AudioContext | null = null;
  private readonly buffers = new Map<string, Promise<AudioBuffer | null>>();
  private nodes: AudioScheduledSourceNode[] = [];
  /** Bumped on every start and stop, so a decode finishing late does not start an old session's sound. */
  private session = 0;

  constructor(
    private readonly sounds: readonly ScheduledSound[],
    private readonly onFailed: (failed: FailedSound[]) => void,
  ) {}

  /** Decodes every file ahead of playback (no user gesture needed to decode). */
  prepare(): void {
    if (this.sounds.length === 0) return;
    // Decoding needs a context but not a running one: an offline one needs no user gesture.
    const decoder = new OfflineAudioContext({ numberOfChannels: 2, length: 1, sampleRate: 48_000 });
    const failed: FailedSound[] = [];
    const all = this.sounds.map((sound) => {
      const id = sound.clip.audio.blobId;
      let buffer = this.buffers.get(id);
      if (!buffer) {
        buffer = getBlob(id)
          .then((blob) => (blob ? blob.arrayBuffer() : Promise.reject(new Error("missing"))))
          .then((bytes) => decoder.decodeAudioData(bytes))
          .catch(() => null);
        this.buffers.set(id, buffer);
      }
      return buffer.then((decoded) => {
        if (!decoded) failed.push({ shot: sound.shot, fileName: sound.clip.audio.fileName });
      });
    });
    void Promise.all(all).then(() => {
      if (failed.length) this.onFailed(failed.sort((a, b) => (a.shot ?? 0) - (b.shot ?? 0)));
    });
  }

  /** Plays from `at` seconds of the board; call from the user's gesture (browsers start audio only then). */
  start(at: number): void {
    this.stop();
    if (this.sounds.length === 0) return;
    this.context ??= new AudioContext();
    const context = this.context;
    void context.resume();
    const session = this.session;
    const began = context.currentTime;
    for (const start of soundStarts(this.sounds, at)) {
      const sound = this.sounds[start.index]!;
      void this.buffers.get(sound.clip.audio.blobId)?.then((buffer) => {
        if (!buffer || session !== this.session) return;
        // A file decoded after playback began joins where the board is by now.
        const late = Math.max(0, context.currentTime - began - start.delay);
        const offset = start.offset + late;
        const duration = Math.min(start.duration - late, buffer.duration - offset);
        if (duration <= 0) return;
        const source = context.createBufferSource();
        source.buffer = buffer;
        const gain = context.createGain();
        gain.gain.value = sound.clip.volume;
        source.connect(gain).connect(context.destination);
        source.start(began + start.delay + late, offset, duration);
        this.nodes.push(source);
      });
    }
  }

  stop(): void {
    this.session += 1;
    for (const node of this.nodes) {
      try {
        node.stop();
      } catch {}
      node.disconnect();
    }
    this.nodes = [];
  }

  close(): void {
    this.stop();
    void this.context?.close();
    this.context = null;
  }
}

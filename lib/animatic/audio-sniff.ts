import { sniffImageType, type SniffedKind } from "../images/sniff";
import type { AudioRef } from "../state/animatic-schema";

/**
 * What a sound file is, judged by its first bytes rather than its name or declared type (a PNG
 * renamed .mp3 is still a PNG). Shared by adding a clip and by the bundle's import.
 */
export type AcceptedAudioType = AudioRef["type"];

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** An MPEG audio frame header: 11 sync bits, a known version, layer I–III (not ADTS AAC's 00), a valid bitrate and sample rate. */
function isMpegFrame(bytes: Uint8Array, at: number): boolean {
  const [a, b, c] = [bytes[at], bytes[at + 1], bytes[at + 2]];
  if (a !== 0xff || b === undefined || c === undefined || (b & 0xe0) !== 0xe0) return false;
  const version = (b >> 3) & 3;
  const layer = (b >> 1) & 3;
  const bitrate = c >> 4;
  const rate = (c >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** The audio type by content, or null for anything else (images, text, video-only files still pass as MP4 and fail decoding). */
export function sniffAudioType(bytes: Uint8Array): AcceptedAudioType | null {
  if (bytes.length < 12) return null;
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WAVE") return "audio/wav";
  if (ascii(bytes, 0, 4) === "OggS") return "audio/ogg";
  if (ascii(bytes, 4, 8) === "ftyp") {
    // Still-image members of the ISO family (HEIC, AVIF) share the box; they hold no sound.
    return /^(heic|heix|hevc|hevx|mif1|msf1|avif|avis)$/.test(ascii(bytes, 8, 12)) ? null : "audio/mp4";
  }
  if (ascii(bytes, 0, 3) === "ID3" || isMpegFrame(bytes, 0)) return "audio/mpeg";
  return null;
}

export const AUDIO_EXTENSION: Record<AcceptedAudioType, string> = {
  "audio/wav": "wav",
  "audio/mpeg": "mp3",
  "audio/ogg": "ogg",
  "audio/mp4": "m4a",
};

const NOT_AUDIO: Partial<Record<SniffedKind, string>> = {
  "image/jpeg": "a JPEG image",
  "image/png": "a PNG image",
  "image/webp": "a WebP image",
  "image/gif": "a GIF image",
  "image/svg+xml": "an SVG image",
  "application/pdf": "a PDF",
  "image/heic": "a HEIC/AVIF image",
};

/** "a PNG image", "a PDF", … for a file that is not sound: the message says what it is instead. */
export function describeNonAudio(bytes: Uint8Array): string {
  const kind = NOT_AUDIO[sniffImageType(bytes)];
  if (kind) return kind;
  if (ascii(bytes, 0, 4) === "fLaC") return "a FLAC file, which Castboard does not read";
  return "not a sound file Castboard reads";
}

export const ACCEPTED_AUDIO_NAMES = "WAV, MP3, OGG or M4A";
export const AUDIO_TYPE_NAMES: Record<AcceptedAudioType, string> = {
  "audio/wav": "a WAV file",
  "audio/mpeg": "an MP3 file",
  "audio/ogg": "an OGG file",
  "audio/mp4": "an M4A file",
};

export type AudioIngestCode = "empty" | "too_large" | "not_audio" | "truncated" | "undecodable" | "silent" | "quota";

/** Why a sound file was refused; `message` says what was wrong and what to do, for the user as is. */
export class AudioIngestError extends Error {
  readonly code: AudioIngestCode;
  constructor(code: AudioIngestCode, message: string) {
    super(message);
    this.name = "AudioIngestError";
    this.code = code;
  }
}

const u32 = (bytes: Uint8Array, at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

/**
 * Whether a WAV holds all the sound its header promises. Decoders play what is there of a cut
 * file without complaint, so a download that stopped halfway would otherwise pass as a short clip.
 */
export function wavIsComplete(bytes: Uint8Array): boolean {
  let at = 12;
  let format = false;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at, at + 4);
    const size = u32(bytes, at + 4);
    if (id === "fmt ") format = true;
    if (id === "data") {
      // Streaming writers leave the size unknown (0 or all ones); trust the decoder then.
      return format && (size === 0 || size === 0xffffffff || at + 8 + size <= bytes.length);
    }
    at += 8 + size + (size & 1);
  }
  return false;
}

/** The file's audio type by its bytes, or an `AudioIngestError` saying what it is instead. `name` is the quoted file name. */
export function checkAudioBytes(bytes: Uint8Array, name: string): AcceptedAudioType {
  const type = sniffAudioType(bytes);
  if (!type) {
    throw new AudioIngestError("not_audio", `${name} is ${describeNonAudio(bytes)}, not a sound file, whatever its name says. Choose a ${ACCEPTED_AUDIO_NAMES} file.`);
  }
  if (type === "audio/wav" && !wavIsComplete(bytes)) {
    throw new AudioIngestError("truncated", `${name} is a WAV file that is cut short: it holds less sound than its header says. Export or download it again, then try again.`);
  }
  return type;
}

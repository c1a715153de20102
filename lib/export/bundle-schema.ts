import * as z from "../zod";
import { ACCEPTED_IMAGE_TYPES, type AcceptedImageType } from "../fal/schema";
import { AUDIO_EXTENSION, type AcceptedAudioType } from "../animatic/audio-sniff";
import { EXTENSION_BY_TYPE } from "../images/sniff";
import { ACCEPTED_AUDIO_TYPES } from "../state/animatic-schema";
import { PROJECT_NAME_MAX } from "../state/project-schema";

/**
 * A project bundle: one ZIP holding a whole project, to move it between browsers or keep a backup.
 *
 *   project.json          the manifest below (deflated)
 *   images/<id>.<ext>     every image the project refers to, stored as-is (already compressed)
 *   audio/<id>.<ext>      every sound clip (panel clips, the soundtrack), byte for byte as added
 *
 * `BUNDLE_VERSION` changes only when the bundle layout changes. Version 2 added audio/; a bundle
 * without sound is still written as version 1, so older Castboards keep importing it, while one
 * with sound tells them it is newer instead of losing the sound without a word. The project document inside has
 * its own version (`STATE_VERSION`) and is migrated on import exactly as an IndexedDB record is.
 */
export const BUNDLE_FORMAT = "castboard-project";
export const BUNDLE_VERSION = 2;
export const BUNDLE_VERSION_WITHOUT_AUDIO = 1;
export const BUNDLE_APP = "Castboard";
export const MANIFEST_PATH = "project.json";
export const IMAGE_DIR = "images/";
export const AUDIO_DIR = "audio/";

// 1000-based like every size Castboard shows (lib/format-bytes.ts), so a limit reads as set. Each
// is at least the binary limit earlier versions had (500, 50 and 20 MiB), so every bundle they
// exported still imports.
const MB = 1000 * 1000;
/** The whole bundle, as a file and as the sum of its entries once decompressed. */
export const MAX_BUNDLE_BYTES = 525 * MB;
/** Entries in the ZIP, directories and stray files included. */
export const MAX_BUNDLE_ENTRIES = 5000;
/** One image or sound file, decompressed (sound clips are at most AUDIO_LIMITS.bytes, below this). */
export const MAX_BUNDLE_IMAGE_BYTES = 53 * MB;
/** project.json, decompressed. */
export const MAX_MANIFEST_BYTES = 21 * MB;

export interface BundleLimits {
  bundleBytes: number;
  entries: number;
  imageBytes: number;
  manifestBytes: number;
}

export const BUNDLE_LIMITS: BundleLimits = {
  bundleBytes: MAX_BUNDLE_BYTES,
  entries: MAX_BUNDLE_ENTRIES,
  imageBytes: MAX_BUNDLE_IMAGE_BYTES,
  manifestBytes: MAX_MANIFEST_BYTES,
};

/** Blob ids as `newBlobId` makes them; an id outside this set is stored under a neutral file name. */
export const SAFE_FILE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;
/** The only shape an image path may take: one level under images/, a plain name, a known extension. */
export const IMAGE_PATH = /^images\/[A-Za-z0-9_-]{1,200}\.(jpg|png|webp)$/;

/** The same for sound files. */
export const AUDIO_PATH = /^audio\/[A-Za-z0-9_-]{1,200}\.(wav|mp3|ogg|m4a)$/;

export function audioPath(fileId: string, type: AcceptedAudioType): string {
  return `${AUDIO_DIR}${fileId}.${AUDIO_EXTENSION[type]}`;
}

export function imagePath(fileId: string, type: AcceptedImageType): string {
  return `${IMAGE_DIR}${fileId}.${EXTENSION_BY_TYPE[type]}`;
}

const blobId = z.string().check(z.minLength(1), z.maxLength(500));

/** An image's or a sound's entry: where its bytes are, what they are, and how to check them. */
function bundleFileSchema<T extends string>(types: readonly [T, ...T[]], pathShape: RegExp, pathRule: string, extension: Record<T, string>, what: string) {
  return z
    .object({
      /** The blob id the project document uses. */
      id: blobId,
      /** Where its bytes are in the ZIP: `images/<id>.<ext>` (or `images/_<n>.<ext>` for an id unfit as a file name); sounds alike under audio/. */
      path: z.string().check(z.regex(pathShape, pathRule)),
      type: z.enum(types as unknown as [T, ...T[]]),
      bytes: z.int().check(z.nonnegative(), z.maximum(MAX_BUNDLE_IMAGE_BYTES)),
      /** Lower-case hex SHA-256 of the bytes; written when Web Crypto is available, checked when present. */
      sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
    })
    .check(
      z.refine((file) => file.path.endsWith(`.${extension[file.type as T]}`), {
        message: `the file extension does not match the ${what} type`,
        path: ["path"],
      }),
    );
}

export const BundleImageSchema = bundleFileSchema(ACCEPTED_IMAGE_TYPES, IMAGE_PATH, "must be images/<name>.jpg, .png or .webp", EXTENSION_BY_TYPE, "image");
export type BundleImage = z.infer<typeof BundleImageSchema>;

export const BundleAudioSchema = bundleFileSchema(ACCEPTED_AUDIO_TYPES, AUDIO_PATH, "must be audio/<name>.wav, .mp3, .ogg or .m4a", AUDIO_EXTENSION, "sound");
export type BundleAudio = z.infer<typeof BundleAudioSchema>;

/**
 * project.json. `project.doc` is a `ProjectDoc` (see `lib/state/persistence.ts`); it is validated
 * and migrated by `sanitizeProject`, the same path every saved project takes, so it is left
 * `unknown` here and the envelope can be checked (and reported on) separately.
 */
export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.int().check(z.minimum(1)),
  exportedAt: z.iso.datetime({ offset: true }),
  app: z.literal(BUNDLE_APP),
  project: z.object({
    name: z.string().check(z.maxLength(PROJECT_NAME_MAX)),
    doc: z.unknown(),
  }),
  images: z.array(BundleImageSchema).check(z.maxLength(MAX_BUNDLE_ENTRIES)),
  /** Sound files (version 2 on); absent from version 1. */
  audio: z._default(z.array(BundleAudioSchema).check(z.maxLength(MAX_BUNDLE_ENTRIES)), []),
  /** Blob ids the project refers to whose images were not in storage at export, so are not in the bundle. */
  missing: z._default(z.array(blobId).check(z.maxLength(MAX_BUNDLE_ENTRIES * 10)), []),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

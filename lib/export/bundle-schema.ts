import * as z from "../zod";
import { ACCEPTED_IMAGE_TYPES, type AcceptedImageType } from "../fal/schema";
import { EXTENSION_BY_TYPE } from "../images/sniff";
import { PROJECT_NAME_MAX } from "../state/project-schema";

/**
 * A project bundle: one ZIP holding a whole project, to move it between browsers or keep a backup.
 *
 *   project.json          the manifest below (deflated)
 *   images/<id>.<ext>     every image the project refers to, stored as-is (already compressed)
 *
 * `BUNDLE_VERSION` changes only when the bundle layout changes. The project document inside has
 * its own version (`STATE_VERSION`) and is migrated on import exactly as an IndexedDB record is.
 */
export const BUNDLE_FORMAT = "castboard-project";
export const BUNDLE_VERSION = 1;
export const BUNDLE_APP = "Castboard";
export const MANIFEST_PATH = "project.json";
export const IMAGE_DIR = "images/";

// 1000-based like every size Castboard shows (lib/format-bytes.ts), so a limit reads as set. Each
// is at least the binary limit earlier versions had (500, 50 and 20 MiB), so every bundle they
// exported still imports.
const MB = 1000 * 1000;
/** The whole bundle, as a file and as the sum of its entries once decompressed. */
export const MAX_BUNDLE_BYTES = 525 * MB;
/** Entries in the ZIP, directories and stray files included. */
export const MAX_BUNDLE_ENTRIES = 5000;
/** One image, decompressed. */
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

export function imagePath(fileId: string, type: AcceptedImageType): string {
  return `${IMAGE_DIR}${fileId}.${EXTENSION_BY_TYPE[type]}`;
}

const blobId = z.string().check(z.minLength(1), z.maxLength(500));

export const BundleImageSchema = z
  .object({
    /** The blob id the project document uses. */
    id: blobId,
    /** Where its bytes are in the ZIP: `images/<id>.<ext>` (or `images/_<n>.<ext>` for an id unfit as a file name). */
    path: z.string().check(z.regex(IMAGE_PATH, "must be images/<name>.jpg, .png or .webp")),
    type: z.enum(ACCEPTED_IMAGE_TYPES),
    bytes: z.int().check(z.nonnegative(), z.maximum(MAX_BUNDLE_IMAGE_BYTES)),
    /** Lower-case hex SHA-256 of the bytes; written when Web Crypto is available, checked when present. */
    sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  })
  .check(
    z.refine((image) => image.path.endsWith(`.${EXTENSION_BY_TYPE[image.type]}`), {
      message: "the file extension does not match the image type",
      path: ["path"],
    }),
  );
export type BundleImage = z.infer<typeof BundleImageSchema>;

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
  /** Blob ids the project refers to whose images were not in storage at export, so are not in the bundle. */
  missing: z._default(z.array(blobId).check(z.maxLength(MAX_BUNDLE_ENTRIES * 10)), []),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

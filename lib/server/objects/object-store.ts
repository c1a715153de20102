import "server-only";
import { createHash } from "node:crypto";
import { ACCEPTED_IMAGE_TYPES, type AcceptedImageType } from "../../fal/schema";
import { IMAGE_HASH } from "../review/snapshot-schema";

/**
 * Published images, stored by the SHA-256 of their bytes: the same image is stored once however
 * many versions and boards show it, and republishing uploads only what `has` does not know.
 */
export interface ObjectStore {
  readonly kind: "filesystem" | "s3";
  has(hash: string): Promise<boolean>;
  put(hash: string, bytes: Uint8Array, type: AcceptedImageType): Promise<void>;
  get(hash: string): Promise<StoredObject | null>;
}

export interface StoredObject {
  bytes: Uint8Array;
  type: AcceptedImageType;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A hash names a file or a key: anything but 64 hex digits is refused before it reaches a path. */
export function assertHash(hash: string): void {
  if (!IMAGE_HASH.test(hash)) throw new Error(`not an image hash: ${JSON.stringify(hash.slice(0, 80))}`);
}

export function isImageType(type: string | undefined): type is AcceptedImageType {
  return (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type ?? "");
}

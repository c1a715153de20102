import "server-only";
import path from "node:path";
import type { ServerConfig } from "../config";
import { FilesystemObjectStore } from "./filesystem-object-store";
import type { ObjectStore } from "./object-store";
import { S3ObjectStore } from "./s3-object-store";

/** The S3-compatible bucket when `S3_BUCKET` is set, else files under `DATA_DIR/objects`. */
export function openObjectStore(config: Pick<ServerConfig, "s3" | "dataDir">): ObjectStore {
  return config.s3 ? new S3ObjectStore(config.s3) : new FilesystemObjectStore(path.join(/*turbopackIgnore: true*/ config.dataDir, "objects"));
}

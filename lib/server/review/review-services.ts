import "server-only";
import type { ServerConfig } from "../config";
import { openDatabase } from "../db/client";
import { openObjectStore } from "../objects/open-object-store";
import { ReviewStore } from "./review-store";

/**
 * One review store per process (on globalThis, as `getServices` keeps its singletons, since Next
 * bundles routes apart). Opening it migrates the database; a failed open is not kept, so the
 * next call tries again once the database answers.
 */
const SLOT = Symbol.for("castboard.review-store");
type Holder = { [SLOT]?: Promise<ReviewStore> };

export function getReviewStore(config: Pick<ServerConfig, "databaseUrl" | "dataDir" | "s3">): Promise<ReviewStore> {
  const holder = globalThis as Holder;
  holder[SLOT] ??= openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }).then(
    (handle) => new ReviewStore(handle.db, openObjectStore(config)),
    (error: unknown) => {
      delete holder[SLOT];
      throw error;
    },
  );
  return holder[SLOT];
}

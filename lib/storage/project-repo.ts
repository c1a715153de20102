import "client-only";
import { createStore, del, delMany, get, getMany, keys, set, update, type UseStore } from "idb-keyval";

/**
 * The scene data in IndexedDB, one record per project so a save writes only what changed, and two
 * tabs on different projects never touch each other's records. Images are blobs in their own
 * database (`blob-store.ts`); these records only hold their ids.
 *
 *   settings          the app's settings
 *   last-project      the project opened last
 *   meta:<id>         a project's list entry (name, dates, panel count)
 *   project:<id>      { rev, writer, savedAt, doc }: its cast, panels and defaults
 *   backup:<id>:<ts>  a damaged record as it was found, before anything was written over it
 *   castboard         the single record of versions 1 and 2, migrated once and then removed
 */
let store: UseStore | undefined;
const states = () => (store ??= createStore("castboard-state", "state"));

export interface StoredProject {
  rev: number;
  /** The tab that wrote it: a tab's own broadcast echo is not a change to apply. */
  writer: string;
  savedAt: number;
  doc: unknown;
}

/** Another tab saved this project since this tab last read it. */
export class ProjectConflictError extends Error {
  constructor(readonly projectId: string, readonly stored: Pick<StoredProject, "rev" | "writer" | "savedAt">) {
    super("This project was changed in another tab.");
    this.name = "ProjectConflictError";
  }
}

export const LEGACY_KEY = "castboard";
const metaKey = (id: string) => `meta:${id}`;
const projectKey = (id: string) => `project:${id}`;

export async function readMetas(): Promise<unknown[]> {
  const names = (await keys<string>(states())).filter((k) => typeof k === "string" && k.startsWith("meta:"));
  return getMany(names, states());
}

export const writeMeta = (meta: { id: string }) => set(metaKey(meta.id), meta, states());

export const readProject = (id: string) => get<StoredProject>(projectKey(id), states());

/**
 * Writes a project only if nobody else wrote it since `baseRev` (check and write in one
 * transaction, so two tabs cannot both win). Returns the new revision.
 */
export async function writeProject(id: string, doc: unknown, baseRev: number, writer: string): Promise<number> {
  let rev = 0;
  await update<StoredProject>(
    projectKey(id),
    (current) => {
      const currentRev = current?.rev ?? 0;
      if (currentRev !== baseRev) throw new ProjectConflictError(id, { rev: currentRev, writer: current?.writer ?? "", savedAt: current?.savedAt ?? 0 });
      rev = currentRev + 1;
      return { rev, writer, savedAt: Date.now(), doc };
    },
    states(),
  );
  return rev;
}

export async function deleteProjectRecords(id: string): Promise<void> {
  await delMany([metaKey(id), projectKey(id)], states());
}

export async function backUpRecord(id: string, raw: unknown): Promise<void> {
  await set(`backup:${id}:${Date.now()}`, raw, states());
}

export const readSettings = () => get<unknown>("settings", states());
export const writeSettings = (settings: unknown) => set("settings", settings, states());
export const readLastProject = () => get<string>("last-project", states());
export const writeLastProject = (id: string) => set("last-project", id, states());
export const readLegacy = () => get<string>(LEGACY_KEY, states());
export const removeLegacy = () => del(LEGACY_KEY, states());

/** Every record that may name an image (projects, backups, the old single record), for garbage collection. */
export async function readAllRecords(): Promise<unknown[]> {
  const names = (await keys<string>(states())).filter((k) => typeof k === "string" && !k.startsWith("meta:"));
  return getMany(names, states());
}

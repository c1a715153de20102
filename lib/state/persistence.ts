import { z } from "zod";
import { CharacterSchema, DEFAULT_SETTINGS, SettingsSchema, type Character, type Settings } from "./schema";

/** What is written to IndexedDB, and how older or damaged records are brought back. */
export const STATE_VERSION = 1;

export interface PersistedState {
  characters: Character[];
  settings: Settings;
}

export interface LoadReport {
  /** Records that could not be read and were set aside, with why. */
  dropped: { what: string; why: string }[];
}

/** Keeps every record that validates and reports the rest; never throws on bad data. */
export function sanitizePersisted(raw: unknown): { state: PersistedState; report: LoadReport } {
  const report: LoadReport = { dropped: [] };
  const record = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const characters: Character[] = [];
  const rawCharacters = Array.isArray(record.characters) ? record.characters : [];
  rawCharacters.forEach((candidate, index) => {
    const parsed = CharacterSchema.safeParse(candidate);
    if (parsed.success) characters.push(parsed.data);
    else {
      const name = (candidate as { name?: unknown } | null)?.name;
      report.dropped.push({
        what: typeof name === "string" ? `Character “${name}”` : `Character #${index + 1}`,
        why: z.prettifyError(parsed.error).split("\n")[0] ?? "invalid record",
      });
    }
  });
  const settings = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(record.settings as object | undefined) });
  if (!settings.success) report.dropped.push({ what: "Settings", why: "invalid values; defaults restored" });
  return { state: { characters, settings: settings.success ? settings.data : DEFAULT_SETTINGS }, report };
}

/** zustand's `migrate`: older versions are upgraded here, step by step. */
export function migrateState(persisted: unknown, version: number): PersistedState {
  if (version > STATE_VERSION) {
    // Written by a newer Castboard: keep what this version can read rather than wiping it.
    return sanitizePersisted(persisted).state;
  }
  return sanitizePersisted(persisted).state;
}

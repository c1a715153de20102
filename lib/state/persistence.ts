import { z } from "zod";
import { PanelSchema, type Panel } from "./panel-schema";
import { CharacterSchema, DEFAULT_SETTINGS, SettingsSchema, type Character, type Settings } from "./schema";

/** What is written to IndexedDB, and how older or damaged records are brought back. */
export const STATE_VERSION = 2;

export interface PersistedState {
  characters: Character[];
  panels: Panel[];
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
  const keep = <T,>(list: unknown, schema: z.ZodType<T>, label: string): T[] => {
    const kept: T[] = [];
    (Array.isArray(list) ? list : []).forEach((candidate, index) => {
      const parsed = schema.safeParse(candidate);
      if (parsed.success) kept.push(parsed.data);
      else {
        const name = (candidate as { name?: unknown } | null)?.name;
        report.dropped.push({
          what: typeof name === "string" ? `${label} “${name}”` : `${label} #${index + 1}`,
          why: z.prettifyError(parsed.error).split("\n")[0] ?? "invalid record",
        });
      }
    });
    return kept;
  };
  const characters = keep(record.characters, CharacterSchema, "Character");
  const panels = keep(record.panels, PanelSchema, "Panel");
  const settings = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(record.settings as object | undefined) });
  if (!settings.success) report.dropped.push({ what: "Settings", why: "invalid values; defaults restored" });
  return { state: { characters, panels, settings: settings.success ? settings.data : DEFAULT_SETTINGS }, report };
}

/**
 * zustand's `migrate`: older versions are restructured here, step by step. Validation is left
 * to `merge` (through `sanitizePersisted`), so what it sets aside is reported, not lost silently.
 */
export function migrateState(persisted: unknown, version: number): PersistedState {
  const record = (persisted && typeof persisted === "object" ? { ...persisted } : {}) as Record<string, unknown>;
  // v1 had a cast and settings but no panels yet.
  if (version < 2) record.panels ??= [];
  return record as unknown as PersistedState;
}

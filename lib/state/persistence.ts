import * as z from "../zod";
import { sanitizeComic } from "../comic/sanitize";
import { PanelSchema, type Panel } from "./panel-schema";
import { DEFAULT_PROJECT_SETTINGS, ProjectMetaSchema, ProjectSettingsSchema, type ProjectMeta, type ProjectSettings } from "./project-schema";
import { CharacterSchema, DEFAULT_SETTINGS, SettingsSchema, type Character, type Settings } from "./schema";

/**
 * What is written to IndexedDB, and how older or damaged records are brought back.
 * Version 3 split the single record of versions 1–2 into one document per project.
 */
export const STATE_VERSION = 3;

export interface ProjectDoc {
  version: number;
  characters: Character[];
  panels: Panel[];
  projectSettings: ProjectSettings;
}

export interface LoadReport {
  /** Records that could not be read and were set aside, with why. */
  dropped: { what: string; why: string }[];
}

const firstIssue = (error: z.core.$ZodError) => z.prettifyError(error).split("\n")[0] ?? "invalid record";
export const asRecord = (raw: unknown) => (raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null);

/** Keeps every item that validates and reports the rest; never throws on bad data. */
function keepValid<T>(list: unknown, schema: z.ZodMiniType<T>, label: string, report: LoadReport): T[] {
  const kept: T[] = [];
  if (list !== undefined && !Array.isArray(list)) report.dropped.push({ what: `${label}s`, why: "not a list" });
  (Array.isArray(list) ? list : []).forEach((candidate, index) => {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) kept.push(parsed.data);
    else {
      const name = asRecord(candidate)?.name;
      report.dropped.push({ what: typeof name === "string" ? `${label} “${name}”` : `${label} #${index + 1}`, why: firstIssue(parsed.error) });
    }
  });
  return kept;
}

/** Older documents are restructured here, step by step, before validation. */
function migrateDoc(raw: Record<string, unknown>): Record<string, unknown> {
  const version = typeof raw.version === "number" ? raw.version : 2;
  const doc = { ...raw };
  // Version 1 had a cast but no panels yet; shot details default in the panel schema.
  if (version < 2) doc.panels ??= [];
  doc.projectSettings ??= DEFAULT_PROJECT_SETTINGS;
  return doc;
}

export function sanitizeProject(raw: unknown, label = "Project"): { doc: ProjectDoc; report: LoadReport } {
  const report: LoadReport = { dropped: [] };
  const record = asRecord(raw);
  if (!record) {
    report.dropped.push({ what: label, why: "its saved data is unreadable" });
    return { doc: emptyDoc(), report };
  }
  if (typeof record.version === "number" && record.version > STATE_VERSION) {
    report.dropped.push({ what: label, why: `it was saved by a newer version of Castboard (v${record.version})` });
    return { doc: emptyDoc(), report };
  }
  const migrated = migrateDoc(record);
  const characters = keepValid(migrated.characters, CharacterSchema, "Character", report);
  const panels = keepValid(migrated.panels, PanelSchema, "Panel", report);
  // The comic is checked piece by piece on its own: a bad balloon must not cost the project's defaults.
  const { comic: rawComic, ...rawSettings } = asRecord(migrated.projectSettings) ?? {};
  const { comic, dropped } = sanitizeComic(rawComic);
  report.dropped.push(...dropped);
  const settings = ProjectSettingsSchema.safeParse({ ...rawSettings, comic });
  if (!settings.success) report.dropped.push({ what: "Project defaults", why: "invalid values; defaults restored" });
  return {
    doc: { version: STATE_VERSION, characters, panels, projectSettings: settings.success ? settings.data : { ...DEFAULT_PROJECT_SETTINGS, comic } },
    report,
  };
}

export function sanitizeSettings(raw: unknown): { settings: Settings; ok: boolean } {
  const parsed = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(asRecord(raw) ?? {}) });
  return parsed.success ? { settings: parsed.data, ok: raw === undefined || !!asRecord(raw) } : { settings: DEFAULT_SETTINGS, ok: false };
}

export function sanitizeMetas(raws: unknown[], report: LoadReport): ProjectMeta[] {
  return keepValid(raws, ProjectMetaSchema, "Project", report);
}

export function emptyDoc(projectSettings: ProjectSettings = DEFAULT_PROJECT_SETTINGS): ProjectDoc {
  return { version: STATE_VERSION, characters: [], panels: [], projectSettings };
}

/** The single zustand record of versions 1 and 2: `{ state: { characters, panels, settings }, version }`. */
export function parseLegacy(json: string): { doc: unknown; settings: unknown } | null {
  try {
    const stored = asRecord(JSON.parse(json));
    const state = asRecord(stored?.state);
    if (!state) return null;
    return { doc: { ...state, version: typeof stored?.version === "number" ? stored.version : 1 }, settings: state.settings };
  } catch {
    return null;
  }
}

/** Every image id a stored record mentions, however damaged the record: a blob is freed only when nothing names it. */
export function blobIdsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) blobIdsIn(item, into);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "blobId" && typeof item === "string") into.add(item);
      else blobIdsIn(item, into);
    }
  }
  return into;
}

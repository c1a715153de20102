"use client";
import "client-only";
import { createDebouncedWriter } from "../storage/debounced-storage";
import * as repo from "../storage/project-repo";
import { blobIdsIn, emptyDoc, parseLegacy, sanitizeMetas, sanitizeProject, sanitizeSettings, STATE_VERSION, type LoadReport, type ProjectDoc } from "./persistence";
import { mergeProject } from "./merge";
import { newestFirst } from "./project-slice";
import { newProjectMeta, type ProjectMeta } from "./project-schema";
import type { Settings } from "./schema";
import { useCastboard, useSaveStatus, type CastboardState } from "./store";

/**
 * Loads the store from IndexedDB and saves it back: the open project as one document written
 * shortly after each change (only if no other tab saved it meanwhile), list entries and settings
 * as their own records. Tabs tell each other what they saved, so a tab that has nothing unsaved
 * takes the other's version at once, and one that does is told about the conflict.
 */
export const TAB_ID = typeof crypto !== "undefined" ? crypto.randomUUID() : "server";
const AUTOSAVE_MS = 250;
export const DEFAULT_PROJECT_NAME = "My storyboard";

type Record = { kind: "project"; doc: ProjectDoc } | { kind: "meta"; meta: ProjectMeta } | { kind: "settings"; settings: Settings };
type Message = { kind: "project" | "meta" | "settings"; id?: string; rev?: number; tab: string };

/** The open project as last read or written by this tab, and its revision: the base of a merge. */
let baseRev = 0;
let baseDoc: ProjectDoc = emptyDoc();
/** Bumped whenever another project (or another tab's version) is opened: work started before it must not land. */
let openCount = 0;
let applying = false;
let channel: BroadcastChannel | null = null;
let started: Promise<void> | null = null;

export const currentOpen = () => openCount;

export const writer = createDebouncedWriter<Record>(
  async (name, record) => {
    if (record.kind === "project") {
      const id = name.slice("project:".length);
      try {
        baseRev = await repo.writeProject(id, record.doc, baseRev, TAB_ID);
        baseDoc = record.doc;
      } catch (error) {
        // Another tab saved first: merge its version in, and write the result on the next pass.
        if (!(error instanceof repo.ProjectConflictError) || !(await absorb(id, true))) throw error;
        return;
      }
      post({ kind: "project", id, rev: baseRev, tab: TAB_ID });
    } else if (record.kind === "meta") {
      await repo.writeMeta(record.meta);
      post({ kind: "meta", id: record.meta.id, tab: TAB_ID });
    } else {
      await repo.writeSettings(record.settings);
      post({ kind: "settings", tab: TAB_ID });
    }
  },
  AUTOSAVE_MS,
  (status) => useSaveStatus.setState(status, true),
  (error) => error instanceof repo.ProjectConflictError,
);

function post(message: Message) {
  try {
    channel?.postMessage(message);
  } catch {
    // A closed channel (page going away) has nobody to tell.
  }
}

const docOf = (s: CastboardState): ProjectDoc => ({ version: STATE_VERSION, characters: s.characters, panels: s.panels, projectSettings: s.projectSettings });

/** Replaces the store's state without saving it back (it came from storage). */
function applyLoaded(change: Partial<CastboardState>) {
  applying = true;
  try {
    useCastboard.setState(change);
  } finally {
    applying = false;
  }
}

function onChange(s: CastboardState, prev: CastboardState) {
  if (applying || !s.hydrated || !s.projectId || s.projectId !== prev.projectId) return;
  if (s.characters !== prev.characters || s.panels !== prev.panels || s.projectSettings !== prev.projectSettings) {
    writer.set(`project:${s.projectId}`, { kind: "project", doc: docOf(s) });
    const meta = s.projects.find((p) => p.id === s.projectId);
    if (meta) {
      const next = { ...meta, updatedAt: Date.now(), panelCount: s.panels.length };
      useCastboard.setState({ projects: s.projects.map((p) => (p === meta ? next : p)) });
    }
  }
  if (s.projects !== prev.projects) {
    const before = new Map(prev.projects.map((p) => [p.id, p]));
    for (const meta of s.projects) if (before.get(meta.id) !== meta) writer.set(`meta:${meta.id}`, { kind: "meta", meta });
  }
  if (s.settings !== prev.settings) writer.set("settings", { kind: "settings", settings: s.settings });
}

/** Reads a project and makes it the open one. */
export async function openProject(id: string, report: LoadReport = { dropped: [] }): Promise<void> {
  const leaving = useCastboard.getState();
  if (useSaveStatus.getState().state === "conflict" && leaving.projectId && writer.has(`project:${leaving.projectId}`)) {
    // Leaving an unresolved conflict: this tab's version is kept as a backup record, not lost.
    await repo.backUpRecord(leaving.projectId, docOf(leaving));
    writer.discard(`project:${leaving.projectId}`);
  }
  await writer.flush();
  const meta = useCastboard.getState().projects.find((p) => p.id === id);
  const stored = await repo.readProject(id);
  const label = meta ? `Project “${meta.name}”` : "Project";
  const { doc, report: docReport } = stored ? sanitizeProject(stored.doc, label) : { doc: emptyDoc(), report: { dropped: [] } };
  // Nothing is written over a damaged record before a copy of it is kept.
  if (stored && docReport.dropped.length > 0) await repo.backUpRecord(id, stored.doc).catch(() => undefined);
  baseRev = stored?.rev ?? 0;
  baseDoc = doc;
  openCount += 1;
  applyLoaded({
    projectId: id,
    characters: doc.characters,
    panels: doc.panels,
    projectSettings: doc.projectSettings,
    past: [],
    future: [],
    hydrated: true,
    loadReport: { dropped: [...report.dropped, ...docReport.dropped] },
    conflicts: [],
  });
  void repo.writeLastProject(id).catch(() => undefined);
}

/** Creates a project from a document and saves it before anything else happens. */
export async function createProjectRecord(name: string, doc: ProjectDoc): Promise<ProjectMeta> {
  const meta = { ...newProjectMeta(name), panelCount: doc.panels.length };
  await repo.writeProject(meta.id, doc, 0, TAB_ID);
  await repo.writeMeta(meta);
  applyLoaded({ projects: [...useCastboard.getState().projects, meta] });
  post({ kind: "meta", id: meta.id, tab: TAB_ID });
  return meta;
}

async function loadWorkspace(): Promise<void> {
  const report: LoadReport = { dropped: [] };
  const rawSettings = await repo.readSettings();
  const loaded = sanitizeSettings(rawSettings);
  let settings = loaded.settings;
  const ok = loaded.ok;
  if (!ok) report.dropped.push({ what: "Settings", why: "invalid values; defaults restored" });
  const metas = sanitizeMetas(await repo.readMetas(), report);
  // Projects deleted in an earlier session can no longer be restored: purge them now.
  const deleted = metas.filter((m) => m.deletedAt !== null);
  await Promise.all(deleted.map((m) => repo.deleteProjectRecords(m.id)));
  let projects = metas.filter((m) => m.deletedAt === null);
  applyLoaded({ projects, settings });

  const legacy = await repo.readLegacy();
  if (legacy !== undefined) {
    const parsed = parseLegacy(legacy);
    if (parsed) {
      const { doc, report: legacyReport } = sanitizeProject(parsed.doc, "Saved work");
      report.dropped.push(...legacyReport.dropped);
      if (rawSettings === undefined) settings = sanitizeSettings(parsed.settings).settings;
      await createProjectRecord(DEFAULT_PROJECT_NAME, doc);
      await repo.writeSettings(settings);
    } else report.dropped.push({ what: "Saved work", why: "its old record is unreadable; a copy was kept" });
    if (!parsed) await repo.backUpRecord("legacy", legacy);
    await repo.removeLegacy();
    applyLoaded({ settings });
    projects = useCastboard.getState().projects;
  }
  if (projects.length === 0) await createProjectRecord(DEFAULT_PROJECT_NAME, emptyDoc());
  projects = useCastboard.getState().projects;
  const last = await repo.readLastProject();
  const active = projects.find((p) => p.id === last) ?? newestFirst(projects)[0]!;
  await openProject(active.id, report);
}

async function onMessage(message: Message) {
  if (message.tab === TAB_ID) return;
  const state = useCastboard.getState();
  if (message.kind === "settings") {
    applyLoaded({ settings: sanitizeSettings(await repo.readSettings()).settings });
  } else if (message.kind === "meta") {
    const report: LoadReport = { dropped: [] };
    const metas = sanitizeMetas(await repo.readMetas(), report);
    // Keep this tab's own unsaved list entries; take the rest as stored.
    const mine = new Map(state.projects.filter((p) => writer.has(`meta:${p.id}`)).map((p) => [p.id, p]));
    applyLoaded({ projects: metas.map((m) => mine.get(m.id) ?? m) });
  } else if (message.kind === "project" && message.id === state.projectId && (message.rev ?? 0) > baseRev) {
    if (!(await absorb(message.id, writer.has(`project:${message.id}`)))) useSaveStatus.setState({ state: "conflict" }, true);
  }
}

/**
 * Takes another tab's newer version of the open project, keeping this tab's unsaved changes
 * where they touch other items. False when both changed the same item.
 */
async function absorb(id: string, keepMine: boolean): Promise<boolean> {
  const stored = await repo.readProject(id);
  const state = useCastboard.getState();
  if (!stored || state.projectId !== id) return false;
  const theirs = sanitizeProject(stored.doc).doc;
  const merged = mergeProject(baseDoc, docOf(state), theirs);
  if (!merged.ok) {
    state.setConflicts(merged.conflicts);
    return false;
  }
  baseDoc = theirs;
  baseRev = stored.rev;
  // Undo steps refer to the replaced version: undoing them would revert the other tab's work.
  applyLoaded({ characters: merged.doc.characters, panels: merged.doc.panels, projectSettings: merged.doc.projectSettings, past: [], future: [] });
  if (keepMine || writer.has(`project:${id}`)) writer.set(`project:${id}`, { kind: "project", doc: merged.doc });
  return true;
}

/** Resolves a conflict: this tab's version, or the other's, wins wholesale. */
export async function resolveConflict(winner: "mine" | "theirs"): Promise<void> {
  const id = useCastboard.getState().projectId;
  if (!id) return;
  const stored = await repo.readProject(id);
  useCastboard.getState().setConflicts([]);
  if (winner === "theirs") {
    writer.discard(`project:${id}`);
    const theirs = sanitizeProject(stored?.doc).doc;
    baseDoc = theirs;
    baseRev = stored?.rev ?? 0;
    applyLoaded({ characters: theirs.characters, panels: theirs.panels, projectSettings: theirs.projectSettings, past: [], future: [] });
  } else {
    baseRev = stored?.rev ?? 0;
    writer.set(`project:${id}`, { kind: "project", doc: docOf(useCastboard.getState()) });
  }
  await writer.flush();
}

/** Loads once per page; safe to call from every component that needs the store. */
export function startSync(): Promise<void> {
  if (started) return started;
  if (typeof BroadcastChannel !== "undefined") {
    channel = new BroadcastChannel("castboard");
    channel.onmessage = (event: MessageEvent<Message>) => void onMessage(event.data);
  }
  useCastboard.subscribe(onChange);
  started = loadWorkspace().catch((error: unknown) => {
    applyLoaded({
      hydrated: true,
      loadReport: { dropped: [{ what: "Saved work", why: `this browser's storage could not be read (${error instanceof Error ? error.message : String(error)})` }] },
    });
  });
  return started;
}

/**
 * Every image id that anything stored or in memory still names. `skip` leaves out stored records
 * known to be stale (freeing space while a save cannot be written).
 */
export async function referencedBlobIds(skip: (record: unknown) => boolean = () => false): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const record of await repo.readAllRecords()) {
    if (skip(record)) continue;
    if (typeof record === "string") {
      try {
        blobIdsIn(JSON.parse(record), ids);
      } catch {
        // Unparsable text names no image.
      }
    } else blobIdsIn(record, ids);
  }
  const s = useCastboard.getState();
  blobIdsIn([s.characters, s.panels, s.projectSettings, s.past.map((step) => step.panels), s.future.map((step) => step.panels)], ids);
  return ids;
}

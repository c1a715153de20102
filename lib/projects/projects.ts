"use client";
import "client-only";
import { copyName } from "../state/cast-slice";
import { emptyDoc, sanitizeProject, STATE_VERSION } from "../state/persistence";
import { PROJECT_NAME_MAX, type ProjectMeta } from "../state/project-schema";
import { visibleProjects } from "../state/project-slice";
import { useCastboard } from "../state/store";
import { createProjectRecord, openProject, writer } from "../state/sync";
import { readProject } from "../storage/project-repo";
import { scheduleGarbageCollection } from "../cast/garbage";

/**
 * Project operations that touch storage. A deleted project stays restorable (its records are
 * only marked) until the next start, when it is purged and its images freed.
 */
const store = useCastboard;

export const UNTITLED_PROJECT_NAME = "Untitled storyboard";

export function uniqueProjectName(name: string): string {
  const taken = new Set(store.getState().projects.filter((p) => p.deletedAt === null).map((p) => p.name));
  const trimmed = name.trim().slice(0, PROJECT_NAME_MAX) || UNTITLED_PROJECT_NAME;
  return taken.has(trimmed) ? copyName(trimmed, taken) : trimmed;
}

export async function createProject(name = UNTITLED_PROJECT_NAME): Promise<ProjectMeta> {
  // A new project starts with the open one's defaults (aspect ratio, speed, style): a team's house style carries over.
  const meta = await createProjectRecord(uniqueProjectName(name), emptyDoc(store.getState().projectSettings));
  await openProject(meta.id);
  return meta;
}

export async function duplicateProject(id: string): Promise<ProjectMeta | undefined> {
  await writer.flush();
  const source = store.getState().projects.find((p) => p.id === id);
  const stored = await readProject(id);
  if (!source) return undefined;
  const { doc } = sanitizeProject(stored?.doc);
  // Generations in flight belong to the original; the copy starts with none. Images are shared blobs.
  const copy = { ...doc, version: STATE_VERSION, panels: doc.panels.map((p) => ({ ...p, pending: null })) };
  const meta = await createProjectRecord(copyName(source.name, new Set(store.getState().projects.map((p) => p.name))), copy);
  await openProject(meta.id);
  return meta;
}

export async function deleteProject(id: string): Promise<void> {
  const state = store.getState();
  state.setProjectDeleted(id, true);
  if (state.projectId === id) {
    const next = visibleProjects(store.getState().projects)[0];
    if (next) await openProject(next.id);
    else await createProject();
  }
  scheduleGarbageCollection();
}

export async function restoreProject(id: string): Promise<void> {
  store.getState().setProjectDeleted(id, false);
  await openProject(id);
}

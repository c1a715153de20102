import { PROJECT_NAME_MAX, DEFAULT_PROJECT_SETTINGS, type ProjectMeta, type ProjectSettings } from "./project-schema";
import type { AudioClip } from "./animatic-schema";
import type { GenerationSettings } from "./panel-schema";
import type { CastboardSlice } from "./store";

/** The project list and the open project's own defaults. Opening, creating and deleting go through `lib/projects`. */
export interface ProjectSlice {
  projects: ProjectMeta[];
  projectId: string | null;
  projectSettings: ProjectSettings;
  renameProject(id: string, name: string): void;
  /** Marks a list entry deleted (restorable until the next start), or live again. */
  setProjectDeleted(id: string, deleted: boolean): void;
  updateProjectDefaults(change: Partial<GenerationSettings>): void;
  /** Sets, replaces (a new volume too) or, with null, removes the board's soundtrack. */
  setSoundtrack(clip: AudioClip | null): void;
}

export const createProjectSlice: CastboardSlice<ProjectSlice> = (set) => ({
  projects: [],
  projectId: null,
  projectSettings: DEFAULT_PROJECT_SETTINGS,
  renameProject: (id, name) =>
    set((s) => ({ projects: s.projects.map((p) => (p.id === id ? { ...p, name: name.slice(0, PROJECT_NAME_MAX), updatedAt: Date.now() } : p)) })),
  setProjectDeleted: (id, deleted) =>
    set((s) => ({
      projects: s.projects.map((p) => (p.id !== id ? p : deleted ? { ...p, deletedAt: Date.now() } : { ...p, deletedAt: null, updatedAt: Date.now() })),
    })),
  updateProjectDefaults: (change) => set((s) => ({ projectSettings: { ...s.projectSettings, defaults: { ...s.projectSettings.defaults, ...change } } })),
  setSoundtrack: (clip) => set((s) => ({ projectSettings: { ...s.projectSettings, animatic: { ...s.projectSettings.animatic, soundtrack: clip } } })),
});

/** Most recently changed first: the order the list shows and the one to open when there is no other choice. */
export const newestFirst = (projects: readonly ProjectMeta[]): ProjectMeta[] => [...projects].sort((a, b) => b.updatedAt - a.updatedAt);

/** Projects as the list shows them: live ones, most recently changed first. */
export function visibleProjects(projects: ProjectMeta[]): ProjectMeta[] {
  return newestFirst(projects.filter((p) => p.deletedAt === null));
}

import type { StateCreator } from "zustand";
import { PROJECT_NAME_MAX, DEFAULT_PROJECT_SETTINGS, type ProjectMeta, type ProjectSettings } from "./project-schema";
import type { GenerationSettings } from "./panel-schema";

/** The project list and the open project's own defaults. Opening, creating and deleting go through `lib/projects`. */
export interface ProjectSlice {
  projects: ProjectMeta[];
  projectId: string | null;
  projectSettings: ProjectSettings;
  renameProject(id: string, name: string): void;
  updateProjectDefaults(change: Partial<GenerationSettings>): void;
}

export const createProjectSlice: StateCreator<ProjectSlice, [], [], ProjectSlice> = (set) => ({
  projects: [],
  projectId: null,
  projectSettings: DEFAULT_PROJECT_SETTINGS,
  renameProject: (id, name) =>
    set((s) => ({ projects: s.projects.map((p) => (p.id === id ? { ...p, name: name.slice(0, PROJECT_NAME_MAX), updatedAt: Date.now() } : p)) })),
  updateProjectDefaults: (change) => set((s) => ({ projectSettings: { ...s.projectSettings, defaults: { ...s.projectSettings.defaults, ...change } } })),
});

/** Most recently changed first: the order the list shows and the one to open when there is no other choice. */
export const newestFirst = (projects: readonly ProjectMeta[]): ProjectMeta[] => [...projects].sort((a, b) => b.updatedAt - a.updatedAt);

/** Projects as the list shows them: live ones, most recently changed first. */
export function visibleProjects(projects: ProjectMeta[]): ProjectMeta[] {
  return newestFirst(projects.filter((p) => p.deletedAt === null));
}

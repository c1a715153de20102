import * as z from "../zod";
import { ComicSchema, DEFAULT_COMIC } from "../comic/comic-schema";
import { DEFAULT_PROJECT_ANIMATIC, ProjectAnimaticSchema } from "./animatic-schema";
import { DEFAULT_GENERATION_SETTINGS, GenerationSettingsSchema } from "./panel-schema";

/** A project: its cast, its board and its defaults, stored as one document beside its list entry. */
export const PROJECT_NAME_MAX = 120;

export const ProjectMetaSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.maxLength(PROJECT_NAME_MAX)),
  createdAt: z.number(),
  updatedAt: z.number(),
  panelCount: z.int().check(z.nonnegative()),
  /** Set when deleted: the project stays restorable until the next start, then is purged. */
  deletedAt: z._default(z.nullable(z.number()), null),
});
export type ProjectMeta = z.infer<typeof ProjectMetaSchema>;

export const ProjectSettingsSchema = z.object({
  /** What a new panel starts with, including its aspect ratio (the image size). */
  defaults: GenerationSettingsSchema,
  animatic: z._default(ProjectAnimaticSchema, DEFAULT_PROJECT_ANIMATIC),
  /** The board laid out as comic pages; none until the Pages view lays them out. */
  comic: z._default(ComicSchema, DEFAULT_COMIC),
});
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = { defaults: DEFAULT_GENERATION_SETTINGS, animatic: DEFAULT_PROJECT_ANIMATIC, comic: DEFAULT_COMIC };

export function newProjectMeta(name: string, now = Date.now()): ProjectMeta {
  return { id: crypto.randomUUID(), name: name.slice(0, PROJECT_NAME_MAX), createdAt: now, updatedAt: now, panelCount: 0, deletedAt: null };
}

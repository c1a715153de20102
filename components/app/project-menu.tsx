"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { BookOpen, Check, ChevronDown, Copy, FolderOpen, Plus, Trash2, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { useShallow } from "zustand/react/shallow";
import { createProject, deleteProject, duplicateProject, restoreProject } from "@/lib/projects/projects";
import { visibleProjects } from "@/lib/state/project-slice";
import { PROJECT_NAME_MAX } from "@/lib/state/project-schema";
import { useCastboard } from "@/lib/state/store";
import { openProject } from "@/lib/state/sync";
import { openSampleAndReport } from "./sample-storyboard-button";

const ITEM = "flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-[13px] outline-none select-none data-[highlighted]:bg-canvas";

/** The open project's name (edited in place) and the menu of all projects. */
export function ProjectMenu() {
  const { projects, projectId, renameProject } = useCastboard(useShallow((s) => ({ projects: s.projects, projectId: s.projectId, renameProject: s.renameProject })));
  const current = projects.find((p) => p.id === projectId);
  const list = visibleProjects(projects);
  const picker = useRef<HTMLInputElement>(null);
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const id = toast.loading(`Importing “${file.name}”…`);
    try {
      // The bundle reader loads on first use: most sessions never import.
      const { importProjectBundle } = await import("@/lib/projects/import-project");
      const { meta, missing } = await importProjectBundle(file);
      const note = missing ? ` (${missing} ${missing === 1 ? "image was" : "images were"} already missing when it was exported)` : "";
      toast.success(`Imported “${meta.name}” as a new project${note}`, { id });
    } catch (error) {
      toast.error(`“${file.name}” was not imported: ${error instanceof Error ? error.message : String(error)}`, { id, duration: 12_000 });
    }
  };
  const remove = async () => {
    if (!current) return;
    const { id, name } = current;
    await deleteProject(id);
    toast(`Deleted “${name}”`, { action: { label: "Undo", onClick: () => void restoreProject(id) }, duration: 10_000 });
  };

  if (!current) return null;
  return (
    <div className="flex min-w-0 items-center gap-0.5">
      <input
        ref={picker}
        type="file"
        accept=".zip,application/zip"
        className="hidden"
        aria-label="Import project bundle"
        data-testid="import-bundle"
        onChange={(e) => {
          void importFile(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
      <ProjectName key={`${current.id}:${current.name}`} name={current.name} onRename={(name) => renameProject(current.id, name)} />
      <Menu.Root>
        <Menu.Trigger className="grid size-8 place-items-center rounded-md hover:bg-black/5" aria-label="Projects">
          <ChevronDown aria-hidden className="size-4" />
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content align="start" sideOffset={6} className="z-50 w-72 rounded-lg bg-surface p-1 shadow-lg ring-1 ring-line" data-testid="project-menu">
            <Menu.Label className="px-2 pt-1.5 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">Projects</Menu.Label>
            <div className="max-h-72 overflow-y-auto">
              {list.map((p) => (
                <Menu.Item key={p.id} className={ITEM} onSelect={() => p.id !== projectId && void openProject(p.id)} data-testid="project-item">
                  {p.id === projectId ? <Check aria-hidden className="size-4" /> : <FolderOpen aria-hidden className="size-4 text-muted" />}
                  <span className="min-w-0 flex-1 truncate">{p.name}</span>
                  <span className="text-xs text-muted">{p.panelCount} {p.panelCount === 1 ? "shot" : "shots"}</span>
                </Menu.Item>
              ))}
            </div>
            <Menu.Separator className="my-1 h-px bg-line" />
            <Menu.Item className={ITEM} onSelect={() => void createProject()}>
              <Plus aria-hidden className="size-4" /> New project
            </Menu.Item>
            <Menu.Item className={ITEM} onSelect={() => void openSampleAndReport({ progressToast: true })}>
              <BookOpen aria-hidden className="size-4" /> Open the sample storyboard
            </Menu.Item>
            <Menu.Item className={ITEM} onSelect={() => picker.current?.click()}>
              <Upload aria-hidden className="size-4" /> Import project bundle…
            </Menu.Item>
            <Menu.Item className={ITEM} onSelect={() => void duplicateProject(current.id)}>
              <Copy aria-hidden className="size-4" /> Duplicate “{current.name}”
            </Menu.Item>
            <Menu.Item className={`${ITEM} text-red-700`} onSelect={() => void remove()}>
              <Trash2 aria-hidden className="size-4" /> Delete “{current.name}”
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
    </div>
  );
}

/** Edited in place; committed on Enter or blur, abandoned on Escape. Remounted when the name changes elsewhere. */
function ProjectName({ name, onRename }: { name: string; onRename: (name: string) => void }) {
  const [draft, setDraft] = useState(name);
  const commit = () => {
    const next = draft.trim();
    if (next && next !== name) onRename(next);
    else setDraft(name);
  };
  return (
    <input
      aria-label="Project name"
      value={draft}
      maxLength={PROJECT_NAME_MAX}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") e.currentTarget.blur();
        if (e.key === "Escape") {
          setDraft(name);
          e.currentTarget.blur();
        }
      }}
      className="h-8 w-[clamp(7rem,22vw,16rem)] min-w-0 truncate rounded-md bg-transparent px-2 text-[15px] font-semibold tracking-tight hover:bg-black/5 focus:bg-surface focus:ring-1 focus:ring-line focus:outline-none"
    />
  );
}

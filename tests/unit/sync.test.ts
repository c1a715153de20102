import { createStore, get, keys, set } from "idb-keyval";
import { describe, expect, it } from "vitest";
import { mergeProject } from "@/lib/state/merge";
import { emptyDoc } from "@/lib/state/persistence";
import { useCastboard, useSaveStatus } from "@/lib/state/store";
import { openProject, resolveConflict, startSync, TAB_ID, writer } from "@/lib/state/sync";
import { createProject, deleteProject, duplicateProject, restoreProject } from "@/lib/projects/projects";
import { readProject, writeProject, type StoredProject } from "@/lib/storage/project-repo";

const db = createStore("castboard-state", "state");
const s = () => useCastboard.getState();
const image = (blobId: string) => ({ blobId, type: "image/png" as const, width: 10, height: 10, bytes: 100 });
const character = (id: string, name = id) => ({ id, name, notes: "", reference: image(`${id}-ref`), thumbnail: image(`${id}-thumb`), mask: null, createdAt: 1 });

describe("saving and loading projects (one journey, in order)", () => {
  it("migrates the single record of version 2 into a project, keeping what is valid and reporting the rest", async () => {
    const legacy = { version: 2, state: { characters: [character("a", "Ferris"), { id: "x", name: "Broken" }], panels: [], settings: { maxLongEdge: 1536, invertMaskPolarity: true } } };
    await set("castboard", JSON.stringify(legacy), db);
    await startSync();
    expect(s().hydrated).toBe(true);
    expect(s().projects.map((p) => p.name)).toEqual(["My storyboard"]);
    expect(s().characters.map((c) => c.name)).toEqual(["Ferris"]);
    expect(s().settings).toMatchObject({ maxLongEdge: 1536, invertMaskPolarity: true, boardLayout: "grid" });
    expect(s().loadReport.dropped.map((d) => d.what)).toEqual(["Character “Broken”"]);
    expect(await get("castboard", db)).toBeUndefined();
  });

  it("saves shortly after a change, says Saved only after the write, and stores images by id only", async () => {
    const panel = s().addPanel("a");
    s().updateShot(panel.id, { caption: "Ferris waves" });
    expect(useSaveStatus.getState().state).toBe("pending");
    await writer.flush();
    expect(useSaveStatus.getState().state).toBe("saved");
    const stored = (await readProject(s().projectId!))!;
    expect(stored.writer).toBe(TAB_ID);
    expect((stored.doc as ReturnType<typeof emptyDoc>).panels[0]!.shot.caption).toBe("Ferris waves");
    expect(JSON.stringify(stored.doc)).not.toContain("data:image");
    expect((await get(`meta:${s().projectId}`, db)) as { panelCount: number }).toMatchObject({ panelCount: 1 });
  });

  it("merges another tab's change to a different panel instead of overwriting it", async () => {
    const id = s().projectId!;
    const other = s().addPanel("a");
    await writer.flush();
    const stored = (await readProject(id))!;
    // The other tab edits the second panel and saves first.
    const theirs = structuredClone(stored.doc) as ReturnType<typeof emptyDoc>;
    theirs.panels[1]!.shot.caption = "from the other tab";
    await writeProject(id, theirs, stored.rev, "other-tab");
    s().updateShot(s().panels[0]!.id, { caption: "from this tab" });
    await writer.flush();
    await writer.flush();
    const merged = (await readProject(id))!.doc as ReturnType<typeof emptyDoc>;
    expect(merged.panels.map((p) => p.shot.caption)).toEqual(["from this tab", "from the other tab"]);
    expect(s().panels.find((p) => p.id === other.id)!.shot.caption).toBe("from the other tab");
  });

  it("reports a conflict when both tabs changed the same panel, and keeps this tab's on request", async () => {
    const id = s().projectId!;
    await writer.flush();
    const stored = (await readProject(id))!;
    const theirs = structuredClone(stored.doc) as ReturnType<typeof emptyDoc>;
    theirs.panels[0]!.shot.caption = "theirs";
    await writeProject(id, theirs, stored.rev, "other-tab");
    s().updateShot(s().panels[0]!.id, { caption: "mine" });
    await writer.flush();
    expect(useSaveStatus.getState().state).toBe("conflict");
    // The banner names what both changed, from the store.
    expect(s().conflicts).toEqual(["shot 1"]);
    // Nothing was written over the other tab's version while the user decides.
    expect(((await readProject(id))!.doc as ReturnType<typeof emptyDoc>).panels[0]!.shot.caption).toBe("theirs");
    await resolveConflict("mine");
    expect(useSaveStatus.getState().state).toBe("saved");
    expect(s().conflicts).toEqual([]);
    expect(((await readProject(id))!.doc as ReturnType<typeof emptyDoc>).panels[0]!.shot.caption).toBe("mine");
  });

  it("opens a damaged project with everything that is still valid, and keeps a copy of the damaged record", async () => {
    const id = s().projectId!;
    await writer.flush();
    const stored = (await readProject(id))!;
    const doc = structuredClone(stored.doc) as { panels: unknown[] };
    doc.panels.splice(1, 0, { id: "bad", recipe: 42 });
    await set(`project:${id}`, { ...stored, doc } satisfies StoredProject, db);
    await openProject(id);
    expect(s().panels).toHaveLength(2);
    expect(s().loadReport.dropped).toEqual([expect.objectContaining({ what: "Panel #2" })]);
    expect((await keys<string>(db)).some((k) => k.startsWith(`backup:${id}:`))).toBe(true);
  });

  it("creates, duplicates, deletes with undo and switches projects", async () => {
    const first = s().projectId!;
    const created = await createProject("Pitch");
    expect(s().projectId).toBe(created.id);
    expect(s().panels).toEqual([]);
    s().addPanel(null);
    const copy = (await duplicateProject(created.id))!;
    expect(copy.name).toBe("Pitch copy");
    expect(s().panels).toHaveLength(1);
    await deleteProject(copy.id);
    expect(s().projectId).not.toBe(copy.id);
    expect(s().projects.find((p) => p.id === copy.id)!.deletedAt).not.toBeNull();
    await restoreProject(copy.id);
    expect(s().projectId).toBe(copy.id);
    await openProject(first);
    expect(s().panels.map((p) => p.shot.caption)).toEqual(["mine", "from the other tab"]);
  });
});

describe("leaving a conflict", () => {
  it("keeps this tab's version as a backup and saves the next project's changes as usual", async () => {
    const id = s().projectId!;
    await writer.flush();
    const stored = (await readProject(id))!;
    const theirs = structuredClone(stored.doc) as ReturnType<typeof emptyDoc>;
    theirs.panels[0]!.shot.caption = "other tab again";
    await writeProject(id, theirs, stored.rev, "other-tab");
    s().updateShot(s().panels[0]!.id, { caption: "this tab again" });
    await writer.flush();
    expect(useSaveStatus.getState().state).toBe("conflict");
    const backupsBefore = (await keys<string>(db)).filter((k) => k.startsWith(`backup:${id}:`)).length;
    const other = s().projects.find((p) => p.id !== id && p.deletedAt === null)!;
    await openProject(other.id);
    expect(s().conflicts).toEqual([]);
    expect((await keys<string>(db)).filter((k) => k.startsWith(`backup:${id}:`)).length).toBe(backupsBefore + 1);
    s().addPanel(null);
    await writer.flush();
    expect(useSaveStatus.getState().state).toBe("saved");
    expect(((await readProject(other.id))!.doc as ReturnType<typeof emptyDoc>).panels.length).toBe(s().panels.length);
  });
});

describe("three-way merge", () => {
  const panel = (id: string, caption: string) => ({ ...useCastboard.getState().panels[0]!, id, shot: { ...useCastboard.getState().panels[0]!.shot, caption } });
  it("keeps both sides' new panels in place and both sides' deletions", () => {
    const [a, b, c] = [panel("a", "A"), panel("b", "B"), panel("c", "C")];
    const base = { ...emptyDoc(), panels: [a, b, c] };
    const ours = { ...base, panels: [a, panel("n1", "ours new"), b] };
    const theirs = { ...base, panels: [a, b, c, panel("n2", "theirs new")].filter((p) => p.id !== "a") };
    const merged = mergeProject(base, ours, structuredClone(theirs));
    expect(merged.ok && merged.doc.panels.map((p) => p.shot.caption)).toEqual(["ours new", "B", "theirs new"]);
  });
});

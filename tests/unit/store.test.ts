import { beforeEach, describe, expect, it } from "vitest";
import type { Take } from "@/lib/state/panel-schema";
import type { Character } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";

const image = (blobId: string) => ({ blobId, type: "image/png" as const, width: 10, height: 10, bytes: 100 });
const character = (id: string, name = id): Character => ({
  id,
  name,
  notes: "",
  reference: image(`${id}-ref`),
  thumbnail: image(`${id}-thumb`),
  mask: null,
  createdAt: 1,
});
const take = (id: string, seed: number, prompt = "a"): Take => ({
  id,
  requestId: `req-${id}`,
  mode: "draft",
  createdAt: 1,
  recipe: { ...useCastboard.getState().panels[0]!.recipe, prompt },
  seed,
  costCents: 15,
  images: [image(`${id}-0`), image(`${id}-1`)],
  thumbnails: [image(`${id}-t0`), image(`${id}-t1`)],
});

beforeEach(() => useCastboard.setState({ characters: [], panels: [], past: [], future: [] }));

describe("cast actions", () => {
  it("adds, renames, duplicates with a copy name, removes and restores at the same place, and reorders", () => {
    const s = () => useCastboard.getState();
    s().addCharacter(character("a", "Ferris"));
    s().addCharacter(character("b", "Corro"));
    const copy = s().duplicateCharacter("a")!;
    expect(s().characters.map((c) => c.name)).toEqual(["Ferris", "Ferris copy", "Corro"]);
    expect(copy.reference.blobId).toBe("a-ref");
    expect(s().duplicateCharacter(copy.id)!.name).toBe("Ferris copy 2");
    const removed = s().removeCharacter("a")!;
    s().restoreCharacter(removed);
    expect(s().characters[0]!.id).toBe("a");
    s().moveCharacter("b", 0);
    expect(s().characters[0]!.id).toBe("b");
  });
});

describe("panel actions", () => {
  it("adds panels after the selected one and keeps takes, choice, restore and seed reuse straight", () => {
    const s = () => useCastboard.getState();
    const first = s().addPanel("c1");
    const third = s().addPanel("c1");
    const second = s().addPanel("c1", first.id);
    expect(s().panels.map((p) => p.id)).toEqual([first.id, second.id, third.id]);

    s().updateRecipe(first.id, { prompt: "beach" });
    const appSettings = s().settings;
    s().updatePanelSettings(first.id, { numImages: 2 });
    expect(s().panels[0]!.recipe.settings.numImages).toBe(2);
    expect(s().settings).toEqual(appSettings);
    s().addTake(first.id, take("t1", 11, "beach"));
    s().updateRecipe(first.id, { prompt: "city" });
    s().addTake(first.id, take("t2", 22, "city"));
    let panel = s().panels[0]!;
    expect(panel.chosen).toEqual({ takeId: "t2", imageIndex: 0 });
    s().chooseImage(first.id, "t1", 1);
    s().restoreTake(first.id, "t1");
    panel = s().panels[0]!;
    expect(panel.recipe.prompt).toBe("beach");
    s().updateRecipe(first.id, { prompt: "forest" });
    s().reuseSeed(first.id, "t2");
    panel = s().panels[0]!;
    expect([panel.recipe.prompt, panel.recipe.settings.seedMode, panel.recipe.settings.seed]).toEqual(["forest", "locked", 22]);
    s().deleteTake(first.id, "t1");
    expect(s().panels[0]!.chosen).toEqual({ takeId: "t2", imageIndex: 0 });
  });
});

describe("board operations and undo", () => {
  const s = () => useCastboard.getState();
  const order = () => s().panels.map((p) => p.shot.caption);
  const board = (...captions: string[]) => {
    for (const caption of captions) s().updateShot(s().addPanel(null).id, { caption });
    useCastboard.setState({ past: [], future: [] });
  };

  it("reorders single and several panels, duplicates and deletes, each one undo step", () => {
    board("A", "B", "C", "D");
    const id = (c: string) => s().panels.find((p) => p.shot.caption === c)!.id;
    s().movePanels([id("A")], 2);
    expect(order()).toEqual(["B", "C", "A", "D"]);
    s().movePanels([id("C"), id("D")], 0);
    expect(order()).toEqual(["C", "D", "B", "A"]);
    const [copy] = s().duplicatePanels([id("B")]);
    expect(order()).toEqual(["C", "D", "B", "B", "A"]);
    expect(copy).not.toBe(id("B"));
    s().removePanels([id("C"), id("A")]);
    expect(order()).toEqual(["D", "B", "B"]);
    expect(s().past).toHaveLength(4);
    s().undo();
    expect(order()).toEqual(["C", "D", "B", "B", "A"]);
    s().undo();
    s().undo();
    s().undo();
    expect(order()).toEqual(["A", "B", "C", "D"]);
    expect(s().undo()).toBe(false);
    s().redo();
    expect(order()).toEqual(["B", "C", "A", "D"]);
    // A new edit after undo drops the redo steps.
    s().updateShot(id("B"), { caption: "B2" });
    expect(s().redo()).toBe(false);
  });

  it("makes one step of a burst of typing in one field, and a new step for another field", () => {
    board("A");
    const id = s().panels[0]!.id;
    for (const caption of ["h", "he", "hel", "hello"]) s().updateShot(id, { caption });
    s().updateShot(id, { notes: "n" });
    expect(s().past).toHaveLength(2);
    s().undo();
    expect(s().panels[0]!.shot).toMatchObject({ caption: "hello", notes: "" });
    s().undo();
    expect(s().panels[0]!.shot.caption).toBe("A");
  });

  it("never undoes generation: a take that arrived after the step stays, its status too", () => {
    board("A");
    const id = s().panels[0]!.id;
    s().updateShot(id, { caption: "edited" });
    s().addTake(id, { ...take("t-new", 7), createdAt: Date.now() + 1 });
    s().undo();
    const panel = s().panels[0]!;
    expect(panel.shot.caption).toBe("A");
    expect(panel.takes.map((t) => t.id)).toEqual(["t-new"]);
    expect(panel.chosen?.takeId).toBe("t-new");
  });

  it("brings a deleted panel back with its takes, and a deleted take back on undo", () => {
    board("A", "B");
    const id = s().panels[0]!.id;
    useCastboard.setState((st) => ({ panels: st.panels.map((p) => (p.id === id ? { ...p, takes: [take("t1", 1)], chosen: { takeId: "t1", imageIndex: 0 } } : p)) }));
    s().deleteTake(id, "t1");
    expect(s().panels[0]!.takes).toEqual([]);
    s().undo();
    expect(s().panels[0]!.takes.map((t) => t.id)).toEqual(["t1"]);
    s().removePanels([id]);
    s().undo();
    expect(s().panels[0]!.takes[0]!.images[0]!.blobId).toBe("t1-0");
  });

  it("adds, edits, moves and removes dialogue lines", () => {
    board("A");
    const id = s().panels[0]!.id;
    const line = s().addDialogue(id, "c1")!;
    s().updateDialogue(id, line.id, { text: "Hi!" });
    s().updateDialogue(id, line.id, { x: 0.9, y: 0.1 }, "drag-1");
    expect(s().panels[0]!.shot.dialogue[0]).toMatchObject({ speakerId: "c1", text: "Hi!", x: 0.9, y: 0.1 });
    s().undo();
    expect(s().panels[0]!.shot.dialogue[0]!.x).not.toBe(0.9);
    s().removeDialogue(id, line.id);
    expect(s().panels[0]!.shot.dialogue).toEqual([]);
  });

  it("starts new panels from the project's defaults (its aspect ratio)", () => {
    s().updateProjectDefaults({ imageSize: { kind: "preset", preset: "portrait_16_9" } });
    expect(s().addPanel(null).recipe.settings.imageSize).toEqual({ kind: "preset", preset: "portrait_16_9" });
  });
});

describe("actions services use instead of writing the store directly", () => {
  it("deletes many takes in one change that also forgets the undo history, sparing a duplicate's takes of the same id", () => {
    const s = () => useCastboard.getState();
    const a = s().addPanel(null);
    useCastboard.setState((st) => ({ panels: st.panels.map((p) => ({ ...p, takes: [take("t1", 1), take("t2", 2)], chosen: { takeId: "t2", imageIndex: 0 } })) }));
    const [copyId] = s().duplicatePanels([a.id]);
    expect(s().past.length).toBeGreaterThan(0);
    s().deleteTakesForgettingHistory([{ panelId: a.id, takeId: "t1" }]);
    expect(s().panels.find((p) => p.id === a.id)!.takes.map((t) => t.id)).toEqual(["t2"]);
    expect(s().panels.find((p) => p.id === copyId)!.takes.map((t) => t.id)).toEqual(["t1", "t2"]);
    expect(s().past).toEqual([]);
    expect(s().future).toEqual([]);
  });

  it("clears the undo history without touching the board", () => {
    const s = () => useCastboard.getState();
    s().addPanel(null);
    s().undo();
    s().addPanel(null);
    const panels = s().panels;
    s().clearHistory();
    expect(s()).toMatchObject({ panels, past: [], future: [] });
  });

  it("marks a project deleted and restores it as the most recently changed", () => {
    const s = () => useCastboard.getState();
    const meta = { id: "p1", name: "Pitch", createdAt: 1, updatedAt: 1, deletedAt: null, panelCount: 0 };
    useCastboard.setState({ projects: [meta] });
    s().setProjectDeleted("p1", true);
    expect(s().projects[0]!.deletedAt).toBeGreaterThan(0);
    expect(s().projects[0]!.updatedAt).toBe(1);
    s().setProjectDeleted("p1", false);
    expect(s().projects[0]).toMatchObject({ deletedAt: null });
    expect(s().projects[0]!.updatedAt).toBeGreaterThan(1);
  });

  it("keeps the session's generation mode and the two-tab conflict list", () => {
    const s = () => useCastboard.getState();
    s().setGenerationMode("fal");
    s().setConflicts(["shot 2"]);
    expect(s()).toMatchObject({ generationMode: "fal", conflicts: ["shot 2"] });
    s().setGenerationMode("draft");
    s().setConflicts([]);
  });
});

import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { migrateState, sanitizePersisted, STATE_VERSION } from "@/lib/state/persistence";
import type { Take } from "@/lib/state/panel-schema";
import type { Character } from "@/lib/state/schema";
import { stateStorage, useCastboard, useSaveStatus } from "@/lib/state/store";
import { idbStateStorage } from "@/lib/storage/idb-state-storage";

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

// The store starts loading from IndexedDB when imported; changes made before that ends would be replaced by it.
beforeAll(async () => {
  if (!useCastboard.persist.hasHydrated()) await new Promise<void>((resolve) => useCastboard.persist.onFinishHydration(() => resolve()));
});
beforeEach(() => useCastboard.setState({ characters: [], panels: [] }));

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

describe("persistence", () => {
  it("keeps every valid record and reports the broken one instead of failing", () => {
    const { state, report } = sanitizePersisted({
      characters: [character("a", "Ferris"), { id: "b", name: "Broken", reference: "nope" }, character("c", "Corro")],
      panels: "not a list",
      settings: { maxLongEdge: 99999 },
    });
    expect(state.characters.map((c) => c.name)).toEqual(["Ferris", "Corro"]);
    expect(state.panels).toEqual([]);
    expect(state.settings.maxLongEdge).toBe(2048);
    expect(report.dropped.map((d) => d.what)).toEqual(["Character “Broken”", "Settings"]);
  });

  it("migrates a version 1 record, which had no panels", () => {
    const migrated = sanitizePersisted(migrateState({ characters: [character("a")], settings: { maxLongEdge: 1024, invertMaskPolarity: true } }, 1)).state;
    expect(migrated.panels).toEqual([]);
    expect(migrated.characters).toHaveLength(1);
    expect(migrated.settings).toEqual({ maxLongEdge: 1024, invertMaskPolarity: true, batchConcurrency: 4 });
    expect(STATE_VERSION).toBe(2);
  });

  it("writes the store to IndexedDB with its version and reads it back", async () => {
    useCastboard.getState().addCharacter(character("a", "Ferris"));
    expect(useSaveStatus.getState().state).toBe("pending");
    await stateStorage.flush();
    expect(useSaveStatus.getState().state).toBe("saved");
    const stored = JSON.parse((await idbStateStorage.getItem("castboard")) as string);
    expect(stored.version).toBe(STATE_VERSION);
    expect(stored.state.characters[0].name).toBe("Ferris");
    expect(stored.state).not.toHaveProperty("hydrated");
    // An older record on disk is migrated and validated when the app loads it.
    await idbStateStorage.setItem(
      "castboard",
      JSON.stringify({ version: 1, state: { characters: [character("x", "Old"), { broken: true }], settings: { maxLongEdge: 1536, invertMaskPolarity: false } } }),
    );
    await useCastboard.persist.rehydrate();
    const state = useCastboard.getState();
    expect(state.characters.map((c) => c.name)).toEqual(["Old"]);
    expect(state.panels).toEqual([]);
    expect(state.settings.maxLongEdge).toBe(1536);
    expect(state.loadReport.dropped).toHaveLength(1);
  });
});

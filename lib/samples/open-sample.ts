"use client";
import "client-only";
import { addSampleCharacter } from "../cast/sample";
import { keepImage } from "../generation/keep-image";
import { recipeCostCents } from "../generation/request";
import { createProject, uniqueProjectName, UNTITLED_PROJECT_NAME } from "../projects/projects";
import { useCastboard } from "../state/store";
import { DEFAULT_PROJECT_NAME } from "../state/sync";
import { SAMPLE_PROJECT_NAME, SAMPLE_SHOTS } from "./sample-storyboard";

const store = useCastboard;

export interface OpenedSample {
  panelIds: string[];
  /** Panels whose picture could not be fetched; they keep their prompt and can be generated. */
  undrawn: number;
}

/**
 * Opens the sample storyboard: Ferris with his mask and five composed shots (framing, caption,
 * a line of dialogue), each with a draft take the server's offline engine drew. It goes into the
 * open project when that is empty and still has its default name, else into a new one; nothing is
 * charged in either mode.
 */
export async function openSampleStoryboard(): Promise<OpenedSample> {
  const { characters, panels, projects, projectId, renameProject } = store.getState();
  const open = projects.find((p) => p.id === projectId);
  // A project someone has named is theirs, even while empty: the sample goes beside it.
  const untouched = open && characters.length === 0 && panels.length === 0 && [DEFAULT_PROJECT_NAME, UNTITLED_PROJECT_NAME].includes(open.name);
  if (untouched) renameProject(open.id, uniqueProjectName(SAMPLE_PROJECT_NAME));
  else await createProject(SAMPLE_PROJECT_NAME);

  const character = await addSampleCharacter();
  const actions = store.getState();
  const panelIds = SAMPLE_SHOTS.map((shot) => {
    const { id } = actions.addPanel(character.id);
    actions.updateRecipe(id, { prompt: shot.prompt });
    actions.updatePanelSettings(id, { seedMode: "locked", seed: shot.seed, numImages: 1, imageSize: { kind: "preset", preset: "landscape_16_9" } });
    actions.updateShot(id, { size: shot.size, angle: shot.angle, caption: shot.caption, durationSec: shot.durationSec });
    if (shot.line) {
      const line = actions.addDialogue(id, character.id);
      if (line) actions.updateDialogue(id, line.id, { text: shot.line.text, x: shot.line.x, y: shot.line.y });
    }
    return id;
  });
  // Building the sample is not something to undo step by step.
  store.getState().clearHistory();

  const drawn = await Promise.allSettled(
    panelIds.map(async (id, index) => {
      const { image, thumbnail } = await keepImage(`/api/samples/panels/${index}`);
      const recipe = store.getState().panels.find((p) => p.id === id)?.recipe;
      if (!recipe) return;
      store.getState().addTake(id, {
        id: crypto.randomUUID(),
        requestId: `sample-${index}-${crypto.randomUUID()}`,
        mode: "draft",
        createdAt: Date.now(),
        recipe,
        seed: SAMPLE_SHOTS[index]!.seed,
        // What it would cost on fal, as every draft take records; the spend meter counts fal takes only.
        costCents: recipeCostCents(recipe),
        images: [image],
        thumbnails: [thumbnail],
      });
    }),
  );
  return { panelIds, undrawn: drawn.filter((d) => d.status === "rejected").length };
}

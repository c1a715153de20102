import { resolveImageSize } from "../fal/schema";
import type { Panel, Sketch, Take } from "../state/panel-schema";
import type { ImageRef } from "../state/schema";

/** The image a panel shows: its chosen take's chosen variation, if any. */
export function chosenImage(panel: Panel) {
  const take = panel.takes.find((t) => t.id === panel.chosen?.takeId);
  const index = panel.chosen?.imageIndex ?? 0;
  return take ? { take, image: take.images[index], thumbnail: take.thumbnails[index] } : null;
}

export type PanelImage =
  | { kind: "take"; image: ImageRef; thumbnail: ImageRef | undefined; take: Take }
  | { kind: "sketch"; image: ImageRef; thumbnail: undefined; sketch: Sketch };

/**
 * What the board, presentation and every export show for a panel: its chosen take's image, or its
 * sketch while no image is chosen (or when the artist prefers the sketch). One rule, so a sketch
 * never shows in one place and an image in another.
 */
export function panelImage(panel: Panel): PanelImage | null {
  const chosen = chosenImage(panel);
  const sketch = panel.sketch;
  if (sketch && (sketch.preferred || !chosen?.image)) return { kind: "sketch", image: sketch.image, thumbnail: undefined, sketch };
  return chosen?.image ? { kind: "take", image: chosen.image, thumbnail: chosen.thumbnail, take: chosen.take } : null;
}

/** The pixel size a panel's images are made at: its image size setting, as the endpoint resolves it. */
export function panelImageSize(panel: Panel): { width: number; height: number } {
  const size = panel.recipe.settings.imageSize;
  return resolveImageSize(size.kind === "custom" ? { width: size.width, height: size.height } : size.preset);
}

/** Width over height of a panel's frame: its image size setting. */
export function panelAspect(panel: Panel): number {
  const { width, height } = panelImageSize(panel);
  return width / height;
}

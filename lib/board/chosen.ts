import { IMAGE_SIZE_PRESETS } from "../fal/schema";
import type { Panel } from "../state/panel-schema";

/** The image a panel shows: its chosen take's chosen variation, if any. */
export function chosenImage(panel: Panel) {
  const take = panel.takes.find((t) => t.id === panel.chosen?.takeId);
  const index = panel.chosen?.imageIndex ?? 0;
  return take ? { take, image: take.images[index], thumbnail: take.thumbnails[index] } : null;
}

/** Width over height of a panel's frame: its image size setting, or its chosen image's own shape. */
export function panelAspect(panel: Panel): number {
  const size = panel.recipe.settings.imageSize;
  const { width, height } = size.kind === "custom" ? size : IMAGE_SIZE_PRESETS[size.preset];
  return width / height;
}

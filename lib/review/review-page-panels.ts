import "server-only";
import type { ReviewSnapshot } from "../server/review/snapshot-schema";
import { CAMERA_ANGLES, SHOT_SIZES } from "../state/panel-schema";
import { reviewImagePath } from "./review-client";
import type { ReviewPanelData } from "./review-page-model";

const seconds = (value: number) => `${Number.isInteger(value) ? value : value.toFixed(1)} s`;

/**
 * The board as the review page draws it, worked out on the server: the shot labels live beside
 * the panel schema (and zod), which the page's browser code should not carry.
 */
export function reviewPanels(token: string, snapshot: ReviewSnapshot): ReviewPanelData[] {
  return snapshot.panels.map((panel, i) => ({
    id: panel.id,
    number: i + 1,
    caption: panel.caption,
    details: [panel.shot.size ? SHOT_SIZES[panel.shot.size] : null, panel.shot.angle ? CAMERA_ANGLES[panel.shot.angle] : null, seconds(panel.shot.durationSec)]
      .filter(Boolean)
      .join(" · "),
    image: panel.image ? { src: reviewImagePath(token, panel.image.hash), width: panel.image.width, height: panel.image.height } : null,
    balloons: panel.balloons.filter((b) => b.text.trim()).map(({ id, speaker, text, x, y }) => ({ id, speaker, text, x, y })),
  }));
}

import * as z from "../../zod";
import { ACCEPTED_IMAGE_TYPES } from "../../fal/schema";
import { CAMERA_ANGLES, SHOT_LIMITS, SHOT_SIZES, type CameraAngle, type ShotSize } from "../../state/panel-schema";

/**
 * What a published version holds: the board as a reviewer sees it, nothing of the author's local
 * data (no prompts, takes, notes or cast ids). Images are referenced by the SHA-256 of their bytes
 * and stored once in the object store. Shared by the app (which builds it) and the server (which
 * checks it), so no `server-only` here.
 */
export const SNAPSHOT_LIMITS = {
  panels: 500,
  totalImageBytes: 200 * 1_000_000,
  /** One image at display size; the board never shows more than this. */
  imageBytes: 20 * 1_000_000,
  title: 200,
  panelId: 100,
  speaker: 80,
} as const;

export const IMAGE_HASH = /^[0-9a-f]{64}$/;

export const SnapshotImageSchema = z.object({
  hash: z.string().check(z.regex(IMAGE_HASH, { message: "An image hash is the SHA-256 of its bytes, 64 lowercase hex digits" })),
  type: z.enum(ACCEPTED_IMAGE_TYPES),
  width: z.int().check(z.positive(), z.maximum(8192)),
  height: z.int().check(z.positive(), z.maximum(8192)),
  bytes: z.int().check(z.positive(), z.maximum(SNAPSHOT_LIMITS.imageBytes)),
});


const fraction = z.number().check(z.minimum(0), z.maximum(1));

export const SnapshotBalloonSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(SNAPSHOT_LIMITS.panelId)),
  /** The speaker's name as the cast spells it, or null for a voice outside the cast. */
  speaker: z.nullable(z.string().check(z.maxLength(SNAPSHOT_LIMITS.speaker))),
  text: z.string().check(z.maxLength(SHOT_LIMITS.line)),
  x: fraction,
  y: fraction,
});

export const SnapshotPanelSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(SNAPSHOT_LIMITS.panelId)),
  image: z.nullable(SnapshotImageSchema),
  shot: z.object({
    size: z.nullable(z.enum(Object.keys(SHOT_SIZES) as [ShotSize, ...ShotSize[]])),
    angle: z.nullable(z.enum(Object.keys(CAMERA_ANGLES) as [CameraAngle, ...CameraAngle[]])),
    durationSec: z.number().check(z.minimum(SHOT_LIMITS.duration.min), z.maximum(SHOT_LIMITS.duration.max)),
  }),
  caption: z.string().check(z.maxLength(SHOT_LIMITS.caption)),
  balloons: z.array(SnapshotBalloonSchema).check(z.maxLength(SHOT_LIMITS.lines)),
});
export type SnapshotPanel = z.infer<typeof SnapshotPanelSchema>;

export const ReviewSnapshotSchema = z.object({
  title: z.string().check(z.maxLength(SNAPSHOT_LIMITS.title)),
  /** In board order. */
  panels: z.array(SnapshotPanelSchema).check(z.maxLength(SNAPSHOT_LIMITS.panels, { message: `A review holds at most ${SNAPSHOT_LIMITS.panels} panels` })),
});
export type ReviewSnapshot = z.infer<typeof ReviewSnapshotSchema>;

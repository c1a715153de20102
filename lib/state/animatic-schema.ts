import * as z from "../zod";

/**
 * How a panel plays in the animatic (presentation and video export alike): a camera move over
 * its image, the transition into the next panel, and an optional sound clip; plus the board's
 * soundtrack. Panels and projects saved before the animatic existed load with the defaults.
 */
const fraction = z.number().check(z.minimum(0), z.maximum(1));

/** A part of the panel's frame, as fractions of its width and height. */
export const FrameRectSchema = z
  .object({ x: fraction, y: fraction, width: z.number().check(z.gt(0), z.maximum(1)), height: z.number().check(z.gt(0), z.maximum(1)) })
  .check(z.refine((r) => r.x + r.width <= 1.000001 && r.y + r.height <= 1.000001, "The rectangle must stay inside the frame"));
export type FrameRect = z.infer<typeof FrameRectSchema>;

export const CAMERA_MOVES = {
  none: "None",
  "push-in": "Push in",
  "pull-out": "Pull out",
  "pan-left": "Pan left",
  "pan-right": "Pan right",
  "pan-up": "Pan up",
  "pan-down": "Pan down",
  custom: "Start and end frames",
} as const;
export type CameraMoveKind = keyof typeof CAMERA_MOVES;
const MOVE_KINDS = Object.keys(CAMERA_MOVES) as [CameraMoveKind, ...CameraMoveKind[]];

/** `from` and `to` are used by `custom` only: the frames drawn on the panel where the move starts and ends. */
export const CameraMoveSchema = z
  .object({ kind: z.enum(MOVE_KINDS), from: z.optional(FrameRectSchema), to: z.optional(FrameRectSchema) })
  .check(z.refine((m) => m.kind !== "custom" || (!!m.from && !!m.to), "A custom move needs a start and an end frame"));
export type CameraMove = z.infer<typeof CameraMoveSchema>;

export const TRANSITIONS = { cut: "Cut", crossfade: "Crossfade", "dip-to-black": "Dip to black" } as const;
export type TransitionKind = keyof typeof TRANSITIONS;
export const TRANSITION_LIMITS = { min: 0.1, max: 4, step: 0.1, default: 0.5 } as const;

/** The transition from this panel into the next; its length is ignored for a cut. */
export const TransitionSchema = z.object({
  kind: z.enum(Object.keys(TRANSITIONS) as [TransitionKind, ...TransitionKind[]]),
  durationSec: z.number().check(z.minimum(TRANSITION_LIMITS.min), z.maximum(TRANSITION_LIMITS.max)),
});
export type Transition = z.infer<typeof TransitionSchema>;

export const ACCEPTED_AUDIO_TYPES = ["audio/wav", "audio/mpeg", "audio/ogg", "audio/mp4"] as const;
export const AUDIO_LIMITS = { bytes: 50 * 1000 * 1000, volume: { min: 0, max: 2, default: 1 } } as const;

/** A sound file kept as a Blob beside the images (so the bundle carries it), with what decoding it told. */
export const AudioRefSchema = z.object({
  blobId: z.string().check(z.minLength(1)),
  type: z.enum(ACCEPTED_AUDIO_TYPES),
  fileName: z.string().check(z.maxLength(255)),
  bytes: z.int().check(z.nonnegative()),
  durationSec: z.number().check(z.gt(0)),
});

export const AudioClipSchema = z.object({
  audio: AudioRefSchema,
  volume: z.number().check(z.minimum(AUDIO_LIMITS.volume.min), z.maximum(AUDIO_LIMITS.volume.max)),
});

export type AudioRef = z.infer<typeof AudioRefSchema>;
export type AudioClip = z.infer<typeof AudioClipSchema>;

export const PanelAnimaticSchema = z.object({
  move: CameraMoveSchema,
  transition: TransitionSchema,
  /** A line of dialogue or a sound effect, starting with the panel. */
  clip: z.nullable(AudioClipSchema),
});
export type PanelAnimatic = z.infer<typeof PanelAnimaticSchema>;

export const DEFAULT_PANEL_ANIMATIC: PanelAnimatic = {
  move: { kind: "none" },
  transition: { kind: "cut", durationSec: TRANSITION_LIMITS.default },
  clip: null,
};

export const ProjectAnimaticSchema = z.object({
  /** Plays under the whole board from its start. */
  soundtrack: z.nullable(AudioClipSchema),
});
export type ProjectAnimatic = z.infer<typeof ProjectAnimaticSchema>;

export const DEFAULT_PROJECT_ANIMATIC: ProjectAnimatic = { soundtrack: null };

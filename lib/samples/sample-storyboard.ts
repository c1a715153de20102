import type { CameraAngle, ShotSize } from "../state/panel-schema";

/**
 * The sample storyboard a newcomer opens in one click: Ferris (the mascot in public/samples) in
 * five shots, each drawn by the offline engine on the server from the reference and its mask
 * (`/api/samples/panels/<n>`), in either mode and at no cost.
 */
export const SAMPLE_CHARACTER = {
  reference: "/samples/ferris.jpg",
  mask: "/samples/ferris-mask.png",
  name: "Ferris",
  notes: "Bright red crab, round body with spiky top edge, big black eyes with white highlights, wide smile, two raised claws.",
  /** The reference's size: the mask is drawn for exactly this image. */
  width: 1200,
  height: 807,
} as const;

export const SAMPLE_PROJECT_NAME = "Sample: Ferris's first day";

/** The sample panels are drawn at the project default's 16:9 size. */
export const SAMPLE_PANEL_SIZE = { width: 1024, height: 576 } as const;

export interface SampleShot {
  prompt: string;
  seed: number;
  size: ShotSize;
  angle: CameraAngle;
  caption: string;
  durationSec: number;
  /** Ferris's line, shown as a balloon at (x, y) of the frame. */
  line?: { text: string; x: number; y: number };
}

export const SAMPLE_SHOTS: readonly SampleShot[] = [
  {
    prompt: "Ferris wakes up in a sandcastle bedroom at sunrise, stretching",
    seed: 4101,
    size: "wide",
    angle: "eye-level",
    caption: "Dawn. Ferris stretches every leg at once.",
    durationSec: 3,
    line: { text: "Big day. Don't be late.", x: 0.28, y: 0.2 },
  },
  {
    prompt: "Ferris scuttles along a busy harbour boardwalk carrying a tiny briefcase",
    seed: 4102,
    size: "medium",
    angle: "low",
    caption: "Late already. The boardwalk is packed.",
    durationSec: 2.5,
    line: { text: "Excuse me! Coming through!", x: 0.5, y: 0.2 },
  },
  {
    prompt: "Ferris peers through the glass door of a bright aquarium office, nervous",
    seed: 4103,
    size: "close-up",
    angle: "eye-level",
    caption: "First day at the aquarium. A deep breath.",
    durationSec: 2,
  },
  {
    prompt: "Ferris stands at a small blackboard and waves a claw at a class of little fish",
    seed: 4104,
    size: "medium-wide",
    angle: "over-the-shoulder",
    caption: "Ferris teaches the safety lesson.",
    durationSec: 4,
    line: { text: "Rule one: never borrow what you can't give back.", x: 0.3, y: 0.17 },
  },
  {
    prompt: "Ferris relaxes on a warm rock at sunset, watching the tide come in",
    seed: 4105,
    size: "extreme-wide",
    angle: "high",
    caption: "Home time. Nothing panicked today.",
    durationSec: 4,
    line: { text: "Same again tomorrow.", x: 0.56, y: 0.24 },
  },
];

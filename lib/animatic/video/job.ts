import type { BalloonInput } from "../../board/balloon-layout";
import type { TimelinePanel } from "../timeline";
import type { BurnIns, CodecChoice, Container } from "./options";

/**
 * Everything the encoding worker needs, as plain data and transferable bitmaps: nothing in it
 * refers to the store, so the worker cannot change the project.
 */
export interface PanelText {
  /** 1-based shot number on the board. */
  shot: number;
  balloons: BalloonInput[];
  caption: string;
}

export interface MixedAudio {
  sampleRate: number;
  /** One array per channel, the whole video's length. */
  channels: Float32Array[];
}

export interface RenderJob {
  container: Container;
  codecs: CodecChoice;
  width: number;
  height: number;
  fps: number;
  /** The board's panels in order (durations, moves, transitions). */
  panels: TimelinePanel[];
  /** Each panel's image (or its slate card), in board order. */
  images: ImageBitmap[];
  texts: PanelText[];
  burnIns: BurnIns;
  /** The title card's words, when it is on. */
  title: { heading: string; detail: string } | null;
  audio: MixedAudio | null;
}

export type ToWorker = { type: "start"; job: RenderJob } | { type: "written"; id: number };

export type FromWorker =
  | { type: "chunk"; id: number; position: number; data: Uint8Array }
  | { type: "progress"; done: number; total: number }
  | { type: "done" }
  | { type: "error"; message: string };

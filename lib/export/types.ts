/**
 * What exporters draw: a project flattened to plain data, with image bytes already read from
 * IndexedDB. Exporters are pure functions of this, so they run the same in a Worker, in the page
 * and in Node tests.
 */
export interface ExportBalloon {
  speaker: string | null;
  text: string;
  /** The balloon's centre as a fraction of the frame (as on the board). */
  x: number;
  y: number;
}

export interface ExportPanel {
  number: number;
  /** Width over height of the panel's frame. */
  aspect: number;
  /** The image the panel shows (its chosen take's, or its sketch), full size; null when it has neither. */
  image: { bytes: Uint8Array; type: "image/jpeg" | "image/png" | "image/webp"; width: number; height: number } | null;
  balloons: ExportBalloon[];
  shotSize: string | null;
  angle: string | null;
  durationSec: number;
  caption: string;
  notes: string;
  /** "Speaker: line" for each line of dialogue, for text exports. */
  dialogue: { speaker: string; text: string }[];
}

export interface ExportProgress {
  done: number;
  total: number;
}

export interface ExportHooks {
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

export class ExportCancelled extends Error {
  constructor() {
    super("Export cancelled");
    this.name = "ExportCancelled";
  }
}

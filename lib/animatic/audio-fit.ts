import type { AudioClip } from "../state/animatic-schema";
import type { Panel } from "../state/panel-schema";
import { audioSchedule } from "./audio-schedule";

/** Lengths as the inspector shows them: "4.2 s" under a minute, "1:05.0" from one on. */
export function formatClipLength(sec: number): string {
  if (sec < 60) return `${(Math.round(sec * 10) / 10).toFixed(1)} s`;
  const minutes = Math.floor(sec / 60);
  const rest = sec - minutes * 60;
  return `${minutes}:${rest.toFixed(1).padStart(4, "0")}`;
}

// Under a tenth of a second nobody hears the overlap: no warning for rounding.
const AUDIBLE = 0.05;

/**
 * How a panel's clip fits the board, worded for the inspector, from the same schedule the
 * animatic plays: a clip runs on over the following shots and stops only at the board's end.
 * Null when it fits within its shot.
 */
export function panelClipFit(panels: readonly Panel[], index: number): string | null {
  const panel = panels[index];
  const sound = audioSchedule(panels, { soundtrack: null }).find((s) => s.shot === index + 1);
  if (!panel || !sound) return null;
  const over = sound.maxSec - panel.shot.durationSec;
  const unheard = sound.clip.audio.durationSec - sound.maxSec;
  const into = over > AUDIBLE ? `Longer than the shot: plays ${formatClipLength(over)} into the next ${over > (panels[index + 1]?.shot.durationSec ?? 0) ? "shots" : "shot"}` : null;
  if (unheard > AUDIBLE) {
    const cut = `the last ${formatClipLength(unheard)} is cut at the board's end`;
    return into ? `${into}, and ${cut}.` : `Longer than the rest of the board: ${cut}.`;
  }
  return into ? `${into}.` : null;
}

/** The soundtrack against the board's length: a warning when its end is cut, otherwise a plain note. */
export function soundtrackFit(clip: AudioClip, boardSec: number): { text: string; warning: boolean } {
  const length = clip.audio.durationSec;
  const board = `The board runs ${formatClipLength(boardSec)}`;
  if (length - boardSec > AUDIBLE) return { text: `${board}: the last ${formatClipLength(length - boardSec)} of the soundtrack is cut.`, warning: true };
  if (boardSec - length > AUDIBLE) return { text: `${board}: the soundtrack ends ${formatClipLength(boardSec - length)} before it does.`, warning: false };
  return { text: `${board}, as long as the soundtrack.`, warning: false };
}

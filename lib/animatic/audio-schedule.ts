import type { AudioClip, ProjectAnimatic } from "../state/animatic-schema";
import type { Panel } from "../state/panel-schema";
import { panelStarts } from "./timeline";
import { timelinePanels } from "./frame-sources";

/** One sound to play in the animatic: where it starts on the board's clock, and for how long at most. */
export interface ScheduledSound {
  clip: AudioClip;
  /** Seconds from the start of the board. */
  startSec: number;
  /** It stops here: a panel's clip with the end of the board, the soundtrack too. */
  maxSec: number;
  /** The panel it belongs to (1-based shot number), or null for the soundtrack. */
  shot: number | null;
}

/**
 * What sounds when, for presentation and for the video's audio track alike: each panel's clip
 * from that panel's start, the soundtrack from zero; everything stops when the board ends, so the
 * audio is never longer than the pictures.
 */
export function audioSchedule(panels: readonly Panel[], animatic: ProjectAnimatic): ScheduledSound[] {
  const timeline = timelinePanels(panels);
  const starts = panelStarts(timeline);
  const end = timeline.reduce((sum, p) => sum + p.durationSec, 0);
  const sounds: ScheduledSound[] = [];
  if (animatic.soundtrack && end > 0) sounds.push({ clip: animatic.soundtrack, startSec: 0, maxSec: Math.min(animatic.soundtrack.audio.durationSec, end), shot: null });
  panels.forEach((panel, i) => {
    const clip = panel.animatic.clip;
    if (clip) sounds.push({ clip, startSec: starts[i]!, maxSec: Math.min(clip.audio.durationSec, end - starts[i]!), shot: i + 1 });
  });
  return sounds;
}

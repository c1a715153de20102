import Papa from "papaparse";
import { panelImage } from "../board/chosen";
import { ORIGIN_LABELS, sourceLabel, takeOrigin } from "../board/take-origin";
import { CAMERA_ANGLES, SHOT_SIZES, type Panel } from "../state/panel-schema";
import type { Character } from "../state/schema";

/** The shot list an editor or AD works from: one row per panel, with the chosen take's recipe. */
export interface ShotListRow {
  shot: number;
  shot_size: string;
  angle: string;
  caption: string;
  dialogue: string;
  notes: string;
  duration_s: number;
  /** What the panel shows: "take", "sketch", or "" for nothing yet. */
  image: "take" | "sketch" | "";
  character: string;
  prompt: string;
  negative_prompt: string;
  seed: number | null;
  speed: string;
  style: string;
  image_size: string;
  mode: string;
  cost_usd: number | null;
  /** Generate, Fix or Restage; empty until the shot has a take. */
  origin: string;
  /** The image a fix or restage started from ("take 2", "the sketch", "upload “layout.png”"). */
  source: string;
  /** How much of its image a restage kept (0.01–1). */
  strength: number | null;
}

export function shotListRows(panels: Panel[], characters: Character[]): ShotListRow[] {
  const names = new Map(characters.map((c) => [c.id, c.name]));
  return panels.map((panel, index) => {
    const shown = panelImage(panel);
    const take = shown?.kind === "take" ? shown.take : undefined;
    // Without a take shown (none yet, or a sketch instead), the panel's current recipe is what would be generated.
    const recipe = take?.recipe ?? panel.recipe;
    const { settings } = recipe;
    const size = settings.imageSize.kind === "preset" ? settings.imageSize.preset : `${settings.imageSize.width}x${settings.imageSize.height}`;
    return {
      shot: index + 1,
      shot_size: panel.shot.size ? SHOT_SIZES[panel.shot.size] : "",
      angle: panel.shot.angle ? CAMERA_ANGLES[panel.shot.angle] : "",
      caption: panel.shot.caption,
      dialogue: panel.shot.dialogue.map((l) => `${l.speakerId ? (names.get(l.speakerId) ?? "Unknown") : "Narrator"}: ${l.text}`).join("\n"),
      notes: panel.shot.notes,
      duration_s: panel.shot.durationSec,
      image: shown?.kind ?? "",
      character: recipe.characterId ? (names.get(recipe.characterId) ?? "") : "",
      prompt: recipe.prompt,
      negative_prompt: recipe.negativePrompt,
      seed: take ? take.seed : settings.seedMode === "locked" ? settings.seed : null,
      speed: settings.renderingSpeed,
      style: settings.styleMode === "codes" ? `codes: ${settings.styleCodes.join(" ")}` : settings.style,
      image_size: size,
      mode: take ? take.mode : "",
      cost_usd: take ? take.costCents / 100 : null,
      origin: take ? ORIGIN_LABELS[takeOrigin(take)] : "",
      source: take?.recipe.direction ? sourceLabel(take.recipe.direction.source, panel.takes) : "",
      strength: take?.recipe.direction?.kind === "restage" ? take.recipe.direction.strength : null,
    };
  });
}

/**
 * RFC 4180 CSV with a BOM so spreadsheet apps read UTF-8 (accents, Cyrillic, emoji) correctly.
 * A cell that starts with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a
 * caption or prompt never runs as a spreadsheet formula.
 */
export function shotListCsv(rows: ShotListRow[]): string {
  return "\ufeff" + Papa.unparse(rows, { newline: "\r\n", quotes: (value) => typeof value === "string", escapeFormulae: true });
}

export function shotListJson(title: string, rows: ShotListRow[]): string {
  return JSON.stringify({ project: title, exportedAt: new Date().toISOString(), shots: rows }, null, 2);
}

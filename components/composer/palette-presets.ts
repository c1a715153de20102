import type { COLOR_PALETTE_PRESETS } from "@/lib/fal/schema";

type PresetName = (typeof COLOR_PALETTE_PRESETS)[number];

/**
 * Four colours per preset, only to preview its mood in the picker: Ideogram does not publish
 * the presets' colours, so these are an approximation and are never sent.
 */
export const PALETTE_SWATCHES: Record<PresetName, readonly [string, string, string, string]> = {
  EMBER: ["#7f1d1d", "#c2410c", "#f59e0b", "#fde68a"],
  FRESH: ["#f7fee7", "#a3e635", "#2dd4bf", "#0ea5e9"],
  JUNGLE: ["#14532d", "#15803d", "#65a30d", "#a16207"],
  MAGIC: ["#312e81", "#7c3aed", "#db2777", "#f0abfc"],
  MELON: ["#fda4af", "#fb7185", "#bef264", "#4d7c0f"],
  MOSAIC: ["#1d4ed8", "#f59e0b", "#dc2626", "#0d9488"],
  PASTEL: ["#fbcfe8", "#bfdbfe", "#bbf7d0", "#fef08a"],
  ULTRAMARINE: ["#0b1f6b", "#1e3a8a", "#2563eb", "#93c5fd"],
};

export const titleCase = (name: string) => name.charAt(0) + name.slice(1).toLowerCase();

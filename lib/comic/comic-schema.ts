import * as z from "../zod";

/**
 * Comic pages: the board's panels flow, in board order, into pages whose templates say how many
 * frames each holds. The board order is the reading order, so moving a panel to another page moves
 * it on the board too, and adding a page or changing a template reflows everything after it.
 * Stored in the project document (`projectSettings.comic`), with defaults for older saves.
 */

export const TRIM_PRESETS = {
  "us-comic": { label: "US comic (6.625 × 10.25 in)", widthPt: 477, heightPt: 738 },
  a4: { label: "A4 (210 × 297 mm)", widthPt: 595.28, heightPt: 841.89 },
  b5: { label: "B5 (176 × 250 mm)", widthPt: 498.9, heightPt: 708.66 },
} as const;
export type TrimPreset = keyof typeof TRIM_PRESETS;

/** Print bleed on every side, 0.125 in. */
export const BLEED_PT = 9;

export const ReadingDirectionSchema = z.enum(["ltr", "rtl"]);
export type ReadingDirection = z.infer<typeof ReadingDirectionSchema>;

export const COMIC_LIMITS = {
  gutterPt: { min: 0, max: 36, default: 9 },
  marginPt: { min: 18, max: 72, default: 36 },
  borderPt: { min: 0, max: 6, default: 1.5 },
  pages: 500,
  letterText: 600,
  letters: 4000,
} as const;

const fraction = z.number().check(z.minimum(0), z.maximum(1));

export const ComicSettingsSchema = z.object({
  trim: z.enum(Object.keys(TRIM_PRESETS) as [TrimPreset, ...TrimPreset[]]),
  readingDirection: ReadingDirectionSchema,
  gutterPt: z.number().check(z.minimum(COMIC_LIMITS.gutterPt.min), z.maximum(COMIC_LIMITS.gutterPt.max)),
  marginPt: z.number().check(z.minimum(COMIC_LIMITS.marginPt.min), z.maximum(COMIC_LIMITS.marginPt.max)),
  borderPt: z.number().check(z.minimum(COMIC_LIMITS.borderPt.min), z.maximum(COMIC_LIMITS.borderPt.max)),
});
export type ComicSettings = z.infer<typeof ComicSettingsSchema>;

/** A page: its template (an id from `lib/comic/templates.ts`). Which panels it holds follows from the flow. */
export const ComicPageSchema = z.object({
  id: z.string().check(z.minLength(1)),
  templateId: z.string().check(z.minLength(1)),
});
export type ComicPage = z.infer<typeof ComicPageSchema>;

/**
 * How a panel's image sits in its frame, never cropping the image itself: `zoom` ≥ 1 scales the
 * image beyond covering the frame, and (cx, cy) is the image point, as fractions, at the frame's centre.
 */
export const FramingSchema = z.object({
  zoom: z.number().check(z.minimum(1), z.maximum(8)),
  cx: fraction,
  cy: fraction,
});
export type Framing = z.infer<typeof FramingSchema>;
export const DEFAULT_FRAMING: Framing = { zoom: 1, cx: 0.5, cy: 0.5 };

export const LetterKindSchema = z.enum(["speech", "thought", "caption", "sfx"]);
export type LetterKind = z.infer<typeof LetterKindSchema>;

/**
 * A piece of lettering anchored to a panel, so it travels with the panel when pages reflow.
 * Positions are fractions of the panel's frame and may lie outside 0..1 (a balloon can cross the
 * frame's border); renderers keep the shape inside the page. A speech letter with `lineId` takes its
 * text and speaker from that dialogue line of the panel (one source of truth for the words).
 */
export const ComicLetterSchema = z.object({
  id: z.string().check(z.minLength(1)),
  panelId: z.string().check(z.minLength(1)),
  kind: LetterKindSchema,
  lineId: z.nullable(z.string()),
  /** Ignored when `lineId` names a line that exists. */
  text: z.string().check(z.maxLength(COMIC_LIMITS.letterText)),
  /** Centre of the shape, as a fraction of the frame. */
  x: z.number().check(z.minimum(-1), z.maximum(2)),
  y: z.number().check(z.minimum(-1), z.maximum(2)),
  /** Where the tail points (speech and thought), as a fraction of the frame; null for no tail. */
  tail: z.nullable(z.object({ x: z.number().check(z.minimum(-1), z.maximum(2)), y: z.number().check(z.minimum(-1), z.maximum(2)) })),
  /** Degrees, clockwise; sound effects mostly. */
  rotation: z.number().check(z.minimum(-180), z.maximum(180)),
  /** Multiplies the kind's default type size. */
  scale: z.number().check(z.minimum(0.5), z.maximum(4)),
});
export type ComicLetter = z.infer<typeof ComicLetterSchema>;

export const ComicSchema = z.object({
  settings: ComicSettingsSchema,
  pages: z.array(ComicPageSchema).check(z.maxLength(COMIC_LIMITS.pages)),
  framing: z.record(z.string(), FramingSchema),
  letters: z.array(ComicLetterSchema).check(z.maxLength(COMIC_LIMITS.letters)),
});
export type Comic = z.infer<typeof ComicSchema>;

export const DEFAULT_COMIC_SETTINGS: ComicSettings = {
  trim: "us-comic",
  readingDirection: "ltr",
  gutterPt: COMIC_LIMITS.gutterPt.default,
  marginPt: COMIC_LIMITS.marginPt.default,
  borderPt: COMIC_LIMITS.borderPt.default,
};
/** No pages yet: the Pages view offers to lay the board out. */
export const DEFAULT_COMIC: Comic = { settings: DEFAULT_COMIC_SETTINGS, pages: [], framing: {}, letters: [] };

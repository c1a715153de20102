/**
 * The page templates: each a few rows of relative heights, each row's frames of relative widths.
 * A frame given as `{ w, stack }` is itself split top to bottom (a tall column beside stacked ones),
 * and `inset` lays one frame over the others, in fractions of the live area. Gutters are not part of
 * a template: `lib/comic/page-layout.ts` turns a template into frames for any trim, margin and gutter.
 */
export type TemplateCell = number | { w: number; stack: number[] };
export interface TemplateRow {
  h: number;
  cells: TemplateCell[];
}
export type TemplateGroup = "splash" | "panels" | "manga";

export interface PageTemplate {
  id: string;
  name: string;
  group: TemplateGroup;
  rows: TemplateRow[];
  inset?: { x: number; y: number; w: number; h: number };
}

const row = (h: number, ...cells: TemplateCell[]): TemplateRow => ({ h, cells });
const even = (n: number) => Array.from({ length: n }, () => 1);
const stack = (w: number, ...heights: number[]) => ({ w, stack: heights });

export const TEMPLATES: readonly PageTemplate[] = [
  { id: "splash", name: "Splash", group: "splash", rows: [row(1, 1)] },
  { id: "splash-inset", name: "Splash with inset", group: "splash", rows: [row(1, 1)], inset: { x: 0.56, y: 0.64, w: 0.38, h: 0.3 } },
  { id: "two-tiers", name: "Two tiers", group: "panels", rows: [row(1, 1), row(1, 1)] },
  { id: "two-columns", name: "Two columns", group: "panels", rows: [row(1, 1, 1)] },
  { id: "wide-over-strip", name: "Big panel over a strip", group: "panels", rows: [row(2.2, 1), row(1, 1)] },
  { id: "three-tiers", name: "Three widescreen tiers", group: "panels", rows: [row(1, 1), row(1, 1), row(1, 1)] },
  { id: "wide-over-two", name: "Wide over two", group: "panels", rows: [row(1.3, 1), row(1, 1, 1)] },
  { id: "two-over-wide", name: "Two over wide", group: "panels", rows: [row(1, 1, 1), row(1.3, 1)] },
  { id: "tall-beside-two", name: "Tall beside two", group: "panels", rows: [row(1, 1.2, stack(1, 1, 1))] },
  { id: "grid-4", name: "Four square", group: "panels", rows: [row(1, 1, 1), row(1, 1, 1)] },
  { id: "four-tiers", name: "Four widescreen tiers", group: "panels", rows: [row(1, 1), row(1, 1), row(1, 1), row(1, 1)] },
  { id: "wide-over-three", name: "Wide over three", group: "panels", rows: [row(1.4, 1), row(1, ...even(3))] },
  { id: "tall-beside-three", name: "Tall beside three", group: "panels", rows: [row(1, 1.3, stack(1, 1, 1, 1))] },
  { id: "four-inset", name: "Three tiers and an inset", group: "panels", rows: [row(1, 1), row(1.3, 1), row(1, 1)], inset: { x: 0.62, y: 0.28, w: 0.33, h: 0.24 } },
  { id: "five-classic", name: "Two, wide, two", group: "panels", rows: [row(1, 1, 1), row(1.1, 1), row(1, 1, 1)] },
  { id: "five-wide-top", name: "Wide, then two by two", group: "panels", rows: [row(1.3, 1), row(1, 1, 1), row(1, 1, 1)] },
  { id: "five-staggered", name: "Staggered five", group: "panels", rows: [row(1, 2, 1), row(1, 1, 2), row(1.2, 1)] },
  { id: "six-grid", name: "Six (three rows of two)", group: "panels", rows: [row(1, 1, 1), row(1, 1, 1), row(1, 1, 1)] },
  { id: "six-wide", name: "Six (two rows of three)", group: "panels", rows: [row(1, ...even(3)), row(1, ...even(3))] },
  { id: "six-mixed", name: "Wide, three, two", group: "panels", rows: [row(1.2, 1), row(1, ...even(3)), row(1.1, 1, 1)] },
  { id: "seven-classic", name: "Two, three, two", group: "panels", rows: [row(1, 1, 1), row(1, ...even(3)), row(1, 1, 1)] },
  { id: "seven-wide", name: "Wide, three, three", group: "panels", rows: [row(1.2, 1), row(1, ...even(3)), row(1, ...even(3))] },
  { id: "eight-grid", name: "Eight (four rows of two)", group: "panels", rows: [row(1, 1, 1), row(1, 1, 1), row(1, 1, 1), row(1, 1, 1)] },
  { id: "eight-mixed", name: "Three, two, three", group: "panels", rows: [row(1, ...even(3)), row(1.2, 1, 1), row(1, ...even(3))] },
  { id: "nine-grid", name: "Nine grid", group: "panels", rows: [row(1, ...even(3)), row(1, ...even(3)), row(1, ...even(3))] },
  { id: "manga-three", name: "Manga: tall and two", group: "manga", rows: [row(1, stack(1, 1, 1.4), 1.4)] },
  { id: "manga-four", name: "Manga: yonkoma tiers", group: "manga", rows: [row(1, 1), row(1, 1), row(1, 1), row(1, 1)] },
  { id: "manga-five", name: "Manga: stepped five", group: "manga", rows: [row(1, 1.6, 1), row(1.6, 1.4, stack(1, 1, 1))] },
  { id: "manga-six", name: "Manga: slashed six", group: "manga", rows: [row(1, 2, 1), row(1.5, 1), row(1, ...even(3))] },
  { id: "manga-action", name: "Manga: action column", group: "manga", rows: [row(2.4, 2, stack(1, 1, 1, 1)), row(1, 1)] },
];

const BY_ID = new Map(TEMPLATES.map((t) => [t.id, t]));
/** What a page whose template is unknown (a newer save, a hand-edited bundle) is drawn with. */
export const FALLBACK_TEMPLATE_ID = "grid-4";

export function templateById(id: string): PageTemplate {
  return BY_ID.get(id) ?? BY_ID.get(FALLBACK_TEMPLATE_ID)!;
}

export const isTemplateId = (id: string) => BY_ID.has(id);

export function frameCount(template: PageTemplate): number {
  const cells = template.rows.flatMap((r) => r.cells).reduce<number>((n, c) => n + (typeof c === "number" ? 1 : c.stack.length), 0);
  return cells + (template.inset ? 1 : 0);
}

/** The templates a picker lists, grouped as a letterer thinks of them: the splash, by panel count, manga. */
export function templateGroups(): { label: string; templates: PageTemplate[] }[] {
  const groups = new Map<string, PageTemplate[]>();
  for (const t of TEMPLATES) {
    const label = t.group === "splash" ? "Splash" : t.group === "manga" ? "Manga (right to left)" : `${frameCount(t)} panels`;
    groups.set(label, [...(groups.get(label) ?? []), t]);
  }
  return [...groups].map(([label, templates]) => ({ label, templates }));
}

/**
 * Templates for a page of `count` panels, the ordinary grids first (manga ones first for a
 * right-to-left book), a splash-with-inset only when nothing else fits.
 */
export function templatesFor(count: number, manga = false): PageTemplate[] {
  const fits = TEMPLATES.filter((t) => frameCount(t) === count);
  const rank = (t: PageTemplate) => (t.group === (manga ? "manga" : "panels") ? 0 : t.group === "splash" ? 2 : 1);
  return fits.sort((a, b) => rank(a) - rank(b));
}

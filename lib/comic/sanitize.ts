import {
  COMIC_LIMITS,
  ComicLetterSchema,
  ComicPageSchema,
  ComicSettingsSchema,
  DEFAULT_COMIC,
  DEFAULT_COMIC_SETTINGS,
  FramingSchema,
  type Comic,
  type ComicLetter,
  type ComicPage,
  type Framing,
} from "./comic-schema";

type Dropped = { what: string; why: string };
const asRecord = (raw: unknown) => (raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null);

/**
 * A saved comic brought back piece by piece: one bad balloon or page is set aside and reported, the
 * rest kept, and a project saved before comic pages existed gets none yet.
 */
export function sanitizeComic(raw: unknown): { comic: Comic; dropped: Dropped[] } {
  if (raw === undefined) return { comic: DEFAULT_COMIC, dropped: [] };
  const record = asRecord(raw);
  if (!record) return { comic: DEFAULT_COMIC, dropped: [{ what: "Comic pages", why: "unreadable; the pages start again from the board" }] };
  const dropped: Dropped[] = [];
  // Each setting on its own: a bad gutter does not cost the reading direction.
  const rawSettings = asRecord(record.settings) ?? {};
  const settings = { ...DEFAULT_COMIC_SETTINGS };
  for (const key of Object.keys(DEFAULT_COMIC_SETTINGS) as (keyof typeof DEFAULT_COMIC_SETTINGS)[]) {
    const parsed = ComicSettingsSchema.safeParse({ ...DEFAULT_COMIC_SETTINGS, [key]: rawSettings[key] ?? DEFAULT_COMIC_SETTINGS[key] });
    if (parsed.success) Object.assign(settings, { [key]: parsed.data[key] });
    else dropped.push({ what: `Comic setting “${key}”`, why: "invalid value; default restored" });
  }
  const pages = keep<ComicPage>(record.pages, (p) => ComicPageSchema.safeParse(p), "Comic page", dropped).slice(0, COMIC_LIMITS.pages);
  const letters = keep<ComicLetter>(record.letters, (l) => ComicLetterSchema.safeParse(l), "Lettering", dropped).slice(0, COMIC_LIMITS.letters);
  const framing: Record<string, Framing> = {};
  for (const [panelId, value] of Object.entries(asRecord(record.framing) ?? {})) {
    const parsed = FramingSchema.safeParse(value);
    if (parsed.success) framing[panelId] = parsed.data;
    else dropped.push({ what: "A panel's framing on its page", why: "invalid values; the image is centred again" });
  }
  return { comic: { settings, pages, framing, letters }, dropped };
}

function keep<T>(list: unknown, parse: (item: unknown) => { success: boolean; data?: T }, label: string, dropped: Dropped[]): T[] {
  if (!Array.isArray(list)) return [];
  const kept: T[] = [];
  list.forEach((item, index) => {
    const parsed = parse(item);
    if (parsed.success) kept.push(parsed.data as T);
    else dropped.push({ what: `${label} #${index + 1}`, why: "invalid; set aside" });
  });
  return kept;
}

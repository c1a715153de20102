import type { Comic } from "../comic/comic-schema";
import type { Panel } from "./panel-schema";

/**
 * Undo for board operations. A step is a snapshot of the panel list (cheap: panels are immutable,
 * so unchanged ones are shared). Restoring a snapshot never undoes generation: takes that arrived
 * after the snapshot, and the live status of each panel, are carried over.
 */
export interface BoardStep {
  panels: Panel[];
  /** The comic pages as they were (pages, framing, lettering): laid out from the board, so undone with it. */
  comic: Comic;
  at: number;
  label: string;
  /** Edits with the same key in quick succession (typing) make one step. */
  key?: string;
}

export const HISTORY_LIMIT = 100;
const COALESCE_MS = 1200;

export function pushStep(past: BoardStep[], step: BoardStep): BoardStep[] {
  const last = past.at(-1);
  if (step.key && last?.key === step.key && step.at - last.at < COALESCE_MS) {
    return [...past.slice(0, -1), { ...last, at: step.at }];
  }
  return [...past, step].slice(-HISTORY_LIMIT);
}

export function restoreBoard(target: Panel[], current: Panel[], since: number): Panel[] {
  const live = new Map(current.map((p) => [p.id, p]));
  return target.map((p) => {
    const now = live.get(p.id);
    // A deleted panel comes back as it was, minus a generation nobody follows any more.
    if (!now) return p.pending ? { ...p, pending: null } : p;
    const known = new Set(p.takes.map((t) => t.id));
    const newer = now.takes.filter((t) => t.createdAt > since && !known.has(t.id));
    const takes = newer.length ? [...p.takes, ...newer] : p.takes;
    const exists = (c: Panel["chosen"]) => !!c && takes.some((t) => t.id === c.takeId);
    const last = takes.at(-1);
    const chosen = newer.length && exists(now.chosen) ? now.chosen : exists(p.chosen) ? p.chosen : last ? { takeId: last.id, imageIndex: 0 } : null;
    return { ...p, takes, chosen, pending: now.pending, error: now.error };
  });
}

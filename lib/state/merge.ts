import type { ProjectDoc } from "./persistence";

/**
 * Three-way merge of a project changed in two tabs since the version both started from. Items
 * (characters, panels) changed on one side only are taken from that side; an item changed on both
 * is a conflict the user decides. Our side shares object identity with `base` for every item we
 * did not touch, which is how "unchanged by us" is told apart cheaply.
 */
export type MergeResult = { ok: true; doc: ProjectDoc } | { ok: false; conflicts: string[] };

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function mergeList<T extends { id: string }>(base: T[], ours: T[], theirs: T[], conflicts: string[], label: (item: T) => string): T[] {
  const b = new Map(base.map((x) => [x.id, x]));
  const o = new Map(ours.map((x) => [x.id, x]));
  const t = new Map(theirs.map((x) => [x.id, x]));
  const pick = (id: string): T | undefined => {
    const [bi, oi, ti] = [b.get(id), o.get(id), t.get(id)];
    if (oi === bi) return ti;
    if (same(ti, bi)) return oi;
    if (same(oi, ti)) return oi;
    conflicts.push(label((oi ?? ti ?? bi)!));
    return oi;
  };
  const weReordered = !same(
    ours.map((x) => x.id).filter((id) => b.has(id)),
    base.map((x) => x.id).filter((id) => o.has(id)),
  );
  // Whoever reordered sets the order; the other side's new items keep their place relative to it.
  const [lead, other] = weReordered ? [ours, theirs] : [theirs, ours];
  const order = lead.map((x) => x.id);
  other.forEach((x, i) => {
    if (order.includes(x.id)) return;
    const before = other[i - 1]?.id;
    const after = before === undefined ? -1 : order.indexOf(before);
    order.splice(before === undefined ? 0 : after >= 0 ? after + 1 : order.length, 0, x.id);
  });
  return order.map(pick).filter((x): x is T => x !== undefined);
}

export function mergeProject(base: ProjectDoc, ours: ProjectDoc, theirs: ProjectDoc): MergeResult {
  const conflicts: string[] = [];
  const characters = mergeList(base.characters, ours.characters, theirs.characters, conflicts, (c) => `character “${c.name}”`);
  const panels = mergeList(base.panels, ours.panels, theirs.panels, conflicts, (p) => `shot ${ours.panels.findIndex((x) => x.id === p.id) + 1}`);
  let projectSettings = theirs.projectSettings;
  if (ours.projectSettings !== base.projectSettings) {
    if (!same(theirs.projectSettings, base.projectSettings) && !same(theirs.projectSettings, ours.projectSettings)) conflicts.push("project defaults");
    projectSettings = ours.projectSettings;
  }
  return conflicts.length ? { ok: false, conflicts } : { ok: true, doc: { ...ours, characters, panels, projectSettings } };
}

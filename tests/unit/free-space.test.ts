import { createStore, keys, set } from "idb-keyval";
import { beforeEach, describe, expect, it } from "vitest";
import { deleteUnusedTakes, planFreeSpace, unusedTakes } from "@/lib/projects/free-space";
import { DEFAULT_GENERATION_SETTINGS, type Panel, type Pending, type Take } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import { useCastboard } from "@/lib/state/store";
import { newBlobId } from "@/lib/storage/blob-store";

const image = (blobId: string, bytes: number) => ({ blobId, type: "image/png" as const, width: 10, height: 10, bytes });
const take = (id: string, createdAt: number, blobs: [string, number][] = [[`${id}-0`, 1000], [`${id}-t0`, 100]]): Take => ({
  id,
  requestId: `req-${id}`,
  mode: "draft",
  createdAt,
  recipe: { characterId: null, prompt: "", negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS },
  seed: 1,
  costCents: 0,
  images: [image(...blobs[0]!)],
  thumbnails: blobs.slice(1).map((b) => image(...b)),
});
const panel = (takes: Take[], chosen: string | null, extra: Partial<Panel> = {}): Panel => ({
  ...newPanel(null, DEFAULT_GENERATION_SETTINGS),
  takes,
  chosen: chosen ? { takeId: chosen, imageIndex: 0 } : null,
  ...extra,
});
const pending = (requestId: string): Pending => ({
  requestId,
  mode: "draft",
  recipe: { characterId: null, prompt: "", negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS },
  costCents: 0,
  status: "IN_PROGRESS",
  queuePosition: null,
  logs: [],
  submittedAt: 1,
  startedAt: 1,
});
const ids = (panels: Panel[]) => unusedTakes(panels).map((t) => t.takeId);

describe("unusedTakes", () => {
  it("keeps the chosen take and lists every other one with its images' and thumbnails' bytes", () => {
    const p = panel([take("a", 1), take("b", 2), take("c", 3)], "b");
    expect(unusedTakes([p])).toEqual([
      { panelId: p.id, takeId: "a", bytes: 1100 },
      { panelId: p.id, takeId: "c", bytes: 1100 },
    ]);
  });

  it("keeps the newest take when nothing is chosen, or when the choice names a missing take", () => {
    expect(ids([panel([take("old", 1), take("new", 5), take("mid", 3)], null)])).toEqual(["old", "mid"]);
    expect(ids([panel([take("old", 1), take("new", 5)], "gone")])).toEqual(["old"]);
  });

  it("spares a take whose generation still shows as pending", () => {
    expect(ids([panel([take("a", 1), take("b", 2), take("c", 3)], "a", { pending: pending("req-c") })])).toEqual(["b"]);
  });

  it("lists nothing for panels without takes or with only the one they show", () => {
    expect(unusedTakes([panel([], null), panel([take("a", 1)], "a")])).toEqual([]);
  });
});

describe("planFreeSpace", () => {
  it("counts a shared image once, and not at all while a kept take still shows it", () => {
    const shared = take("s", 1);
    // A duplicated panel shares its takes: here the copy shows the take the original does not.
    const original = panel([shared, take("b", 2)], "b");
    const copy = panel([shared, take("c", 3)], "s");
    const plan = planFreeSpace([original, copy]);
    expect(plan.takes.map((t) => `${t.panelId === original.id ? "original" : "copy"}:${t.takeId}`)).toEqual(["original:s", "copy:c"]);
    expect(plan.bytes).toBe(1100);
  });
});

describe("deleteUnusedTakes", () => {
  const blobs = createStore("castboard-blobs", "blobs");
  const old = (name: string) => `${newBlobId(Date.now() - 3_600_000)}-${name}`;

  beforeEach(() => useCastboard.setState({ characters: [], panels: [], past: [], future: [] }));

  it("removes unused takes in one change, drops the undo history and frees their images", async () => {
    const [keep, drop, dropThumb] = [old("keep"), old("drop"), old("drop-t")];
    for (const id of [keep, drop, dropThumb]) await set(id, "image bytes", blobs);
    const p = panel([take("a", 1, [[keep, 500]]), take("b", 2, [[drop, 2000], [dropThumb, 200]])], "a");
    useCastboard.setState({ panels: [p] });
    useCastboard.getState().updateShot(p.id, { caption: "an undo step" });
    let changes = 0;
    const stop = useCastboard.subscribe(() => changes++);

    const result = await deleteUnusedTakes();
    stop();

    expect(result).toEqual({ takes: 1, bytes: 2200 });
    expect(changes).toBe(1);
    const s = useCastboard.getState();
    expect(s.panels[0]!.takes.map((t) => t.id)).toEqual(["a"]);
    expect(s.panels[0]!.shot.caption).toBe("an undo step");
    expect([s.past, s.future]).toEqual([[], []]);
    expect(await keys(blobs)).toEqual([keep]);
  });

  it("does nothing when every take is in use", async () => {
    const p = panel([take("a", 1)], "a");
    useCastboard.setState({ panels: [p] });
    expect(await deleteUnusedTakes()).toEqual({ takes: 0, bytes: 0 });
    expect(useCastboard.getState().panels[0]).toBe(p);
  });
});

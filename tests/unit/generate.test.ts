import { beforeEach, describe, expect, it, vi } from "vitest";
import { ENDPOINT_IDS } from "@/lib/fal/endpoint";
import { fixRecipe, restageRecipe, startFix, unsavedMask } from "@/lib/generation/direct";
import { cancelGeneration, follow, generatePanel, renderOnFal, resumePending, retryPanel, statusPollMs } from "@/lib/generation/generate";
import { recipeCostCents } from "@/lib/generation/request";
import { getServerConfig } from "@/lib/server/config";
import { DEFAULT_GENERATION_SETTINGS, type Panel, type Pending } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import type { Character } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";

/*
 * generate.ts against a fake fal client: everything between the store and the network is real
 * (validation, building the input, following the queue, cancel, retry, resume); uploads and
 * image downloads, which need a browser, answer with names derived from what they were given.
 */
const fake = vi.hoisted(() => {
  type Update = { status: string; queue_position?: number; logs?: { message: string }[] };
  const image = (blobId: string) => ({ blobId, type: "image/png" as const, width: 64, height: 64, bytes: 10 });
  /** What fal answers a submit with; tests of Retry use their own, as each request is resumed at most once per page. */
  const submitted = { requestId: "req-1" };
  return {
    image,
    submitted,
    blobs: new Map<string, Blob>(),
    /** What each status subscription reports before it completes; a function may hold it open or fail. */
    script: [] as (Update | (() => Promise<void>))[],
    fal: {
      queue: {
        submit: vi.fn<(endpoint: string, options: { input: Record<string, unknown>; headers: Record<string, string> }) => Promise<{ request_id: string }>>(
          async () => ({ request_id: submitted.requestId }),
        ),
        status: vi.fn(),
        result: vi.fn(async (_endpoint: string, { requestId }: { requestId: string }) => ({ requestId, data: { images: [{ url: `https://out.test/${requestId}.png` }], seed: 42 } })),
        cancel: vi.fn(async () => undefined),
      },
    },
  };
});

vi.mock("@/lib/generation/fal-client", () => ({ falClient: async () => fake.fal }));
vi.mock("@/lib/generation/keep-image", () => ({
  keepImage: async (url: string) => ({ image: fake.image(`kept:${url}`), thumbnail: fake.image(`thumb:${url}`) }),
}));
vi.mock("@/lib/generation/uploads", () => ({
  uploadStoredOnce: async (blobId: string, _mode: string, load: () => Promise<Blob>) => {
    await load();
    return `https://files.test/${blobId}`;
  },
}));
vi.mock("@/lib/storage/blob-store", async (original) => ({
  ...(await original<typeof import("@/lib/storage/blob-store")>()),
  getBlob: async (id: string) => fake.blobs.get(id),
  putBlob: async (blob: Blob) => {
    const id = `stored-${fake.blobs.size}`;
    fake.blobs.set(id, blob);
    return id;
  },
}));

type StatusOptions = { requestId: string; logs: boolean };

const s = () => useCastboard.getState();
const panelOf = (id: string) => s().panels.find((p) => p.id === id)!;
const ferris: Character = {
  id: "ferris",
  name: "Ferris",
  notes: "",
  reference: fake.image("ref-blob"),
  thumbnail: fake.image("thumb-blob"),
  mask: fake.image("mask-blob"),
  createdAt: 1,
};

function addPanel(change: Partial<Panel["recipe"]> = {}): Panel {
  const panel = newPanel(ferris.id, DEFAULT_GENERATION_SETTINGS);
  const ready = { ...panel, recipe: { ...panel.recipe, prompt: "Ferris waves from the pier", ...change } };
  useCastboard.setState((st) => ({ panels: [...st.panels, ready] }));
  return ready;
}

/** Every status the panel shows, in order, without repeats. */
function watchStatuses(panelId: string): { seen: (string | null)[]; stop(): void } {
  const seen: (string | null)[] = [];
  const stop = useCastboard.subscribe((state) => {
    const status = state.panels.find((p) => p.id === panelId)?.pending?.status ?? null;
    if (seen.at(-1) !== status) seen.push(status);
  });
  return { seen, stop };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const apiError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { name: "ApiError", status, body: {} });

beforeEach(() => {
  vi.clearAllMocks();
  fake.blobs.clear();
  fake.submitted.requestId = "req-1";
  for (const id of ["ref-blob", "mask-blob", "style-1"]) fake.blobs.set(id, new Blob([id], { type: "image/png" }));
  fake.script = [{ status: "IN_QUEUE", queue_position: 2 }, { status: "IN_PROGRESS", logs: [{ message: "Drawing Ferris" }] }];
  // Each follow of a request walks through the script, one step per status call, then answers
  // COMPLETED; a step that fails ends that follow, and the next follow starts the script again.
  const cursors = new Map<string, number>();
  fake.fal.queue.status.mockImplementation(async (_endpoint: string, options: StatusOptions) => {
    for (;;) {
      const at = cursors.get(options.requestId) ?? 0;
      cursors.set(options.requestId, at + 1);
      const step = fake.script[at];
      if (step === undefined) return { status: "COMPLETED", request_id: options.requestId, response_url: "", logs: [] };
      if (typeof step === "function") await step().catch((error: unknown) => {
        cursors.delete(options.requestId);
        throw error;
      });
      else return { request_id: options.requestId, response_url: "", ...step };
    }
  });
  useCastboard.setState({ characters: [ferris], panels: [], past: [], future: [], generationMode: "draft" });
  useCastboard.getState().updateSettings({ invertMaskPolarity: false });
});

describe("generatePanel", () => {
  it("uploads, submits once, shows the queue in the panel and keeps the result as the chosen take", async () => {
    const panel = addPanel({ settings: { ...DEFAULT_GENERATION_SETTINGS, styleReferences: [fake.image("style-1")] } });
    const statuses = watchStatuses(panel.id);
    const positions: (number | null)[] = [];
    const stopPositions = useCastboard.subscribe((st) => positions.push(st.panels[0]?.pending?.queuePosition ?? null));
    const upstreamDone = vi.fn();

    const outcome = await generatePanel(panel.id, undefined, { onUpstreamDone: upstreamDone });
    statuses.stop();
    stopPositions();

    expect(outcome).toEqual({ ok: true });
    expect(fake.fal.queue.submit).toHaveBeenCalledTimes(1);
    const [, { input, headers }] = fake.fal.queue.submit.mock.calls[0]!;
    expect(input).toMatchObject({
      prompt: "Ferris waves from the pier",
      reference_image_urls: ["https://files.test/ref-blob"],
      reference_mask_urls: ["https://files.test/mask-blob"],
      image_urls: ["https://files.test/style-1"],
    });
    expect(headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(statuses.seen).toEqual(["uploading", "submitting", "IN_QUEUE", "IN_PROGRESS", "downloading", null]);
    expect(positions).toContain(2);
    expect(upstreamDone).toHaveBeenCalledTimes(1);

    const done = panelOf(panel.id);
    expect(done).toMatchObject({ pending: null, error: null });
    expect(done.takes).toHaveLength(1);
    expect(done.takes[0]).toMatchObject({
      requestId: "req-1",
      mode: "draft",
      seed: 42,
      costCents: recipeCostCents(panel.recipe),
      images: [fake.image("kept:https://out.test/req-1.png")],
      thumbnails: [fake.image("thumb:https://out.test/req-1.png")],
    });
    expect(done.chosen).toEqual({ takeId: done.takes[0]!.id, imageIndex: 0 });
  });

  it("polls with logs until completed, within a status budget that leaves most of the proxy's default rate limit", async () => {
    const panel = addPanel();
    await generatePanel(panel.id);
    expect(fake.fal.queue.status).toHaveBeenCalledTimes(3);
    expect(fake.fal.queue.status.mock.calls[0]![1]).toEqual({ requestId: "req-1", logs: true });
    const limit = getServerConfig().rateLimit.perSecond;
    // Up to four generations (a batch's usual width) notice a finished panel within a fifth of a second…
    expect(statusPollMs(1)).toBe(200);
    expect(statusPollMs(4)).toBe(200);
    // …and eight at once (a batch's most) together use at most half the per-client limit.
    for (const followed of [1, 4, 8, 16]) expect((followed * 1000) / statusPollMs(followed)).toBeLessThanOrEqual(limit / 2);
  });

  it("refuses a recipe without a character before uploading or spending anything", async () => {
    const panel = addPanel({ characterId: null });
    const outcome = await generatePanel(panel.id);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "validation", fields: { character: expect.any(String) } } });
    expect(panelOf(panel.id)).toMatchObject({ pending: null, error: { kind: "validation" } });
    expect(fake.fal.queue.submit).not.toHaveBeenCalled();
  });

  it("starts nothing for a panel that is already generating", async () => {
    const panel = addPanel();
    const held = deferred();
    fake.script = [{ status: "IN_QUEUE", queue_position: 0 }, () => held.promise];
    const first = generatePanel(panel.id);
    await vi.waitFor(() => expect(panelOf(panel.id).pending?.status).toBe("IN_QUEUE"));
    expect(await generatePanel(panel.id)).toMatchObject({ ok: false, error: { message: "Already generating" } });
    held.resolve();
    await first;
    expect(fake.fal.queue.submit).toHaveBeenCalledTimes(1);
  });

  it("reports a missing reference image as something the person can act on", async () => {
    fake.blobs.delete("ref-blob");
    const panel = addPanel();
    const outcome = await generatePanel(panel.id);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "other", message: expect.stringMatching(/character reference is missing.*Add the character again/) } });
    expect(panelOf(panel.id).pending).toBeNull();
    expect(fake.fal.queue.submit).not.toHaveBeenCalled();
  });
});

describe("cancel, retry and resume", () => {
  it("cancels a queued generation upstream, stops polling it, and keeps no take when its result would have come", async () => {
    const panel = addPanel();
    const held = deferred();
    fake.script = [{ status: "IN_QUEUE", queue_position: 3 }, () => held.promise, { status: "IN_PROGRESS", logs: [] }, { status: "IN_PROGRESS", logs: [] }];
    const running = generatePanel(panel.id);
    await vi.waitFor(() => expect(panelOf(panel.id).pending?.requestId).toBe("req-1"));

    await cancelGeneration(panel.id);
    expect(fake.fal.queue.cancel).toHaveBeenCalledWith(expect.any(String), { requestId: "req-1" });
    held.resolve();

    expect(await running).toMatchObject({ ok: false, error: { kind: "cancelled" } });
    // Cancelled while waiting for its next poll: it is not polled again (following it on would take 4).
    expect(fake.fal.queue.status.mock.calls.length).toBeLessThanOrEqual(1);
    expect(fake.fal.queue.result).not.toHaveBeenCalled();
    expect(panelOf(panel.id)).toMatchObject({ takes: [], pending: null, error: { kind: "cancelled", message: expect.stringMatching(/prompt and settings are kept/) } });
  });

  it("keeps a request fal accepted when following it fails, and Retry follows it again without a second submit", async () => {
    const panel = addPanel();
    fake.script = [
      { status: "IN_QUEUE", queue_position: 1 },
      async () => {
        throw apiError(502);
      },
    ];
    const failed = await generatePanel(panel.id);
    expect(failed).toMatchObject({ ok: false, error: { kind: "upstream" } });
    expect(panelOf(panel.id).error?.resume).toMatchObject({ requestId: "req-1" });

    fake.script = [{ status: "IN_PROGRESS", logs: [] }];
    expect(await retryPanel(panel.id)).toEqual({ ok: true });
    expect(fake.fal.queue.submit).toHaveBeenCalledTimes(1);
    expect(panelOf(panel.id).takes.map((t) => t.requestId)).toEqual(["req-1"]);
  });

  it("offers the accepted request only once: a second failure of it means Retry submits afresh", async () => {
    const panel = addPanel();
    const failing = async () => {
      throw apiError(503);
    };
    fake.submitted.requestId = "req-once";
    fake.script = [failing];
    await generatePanel(panel.id);
    expect(panelOf(panel.id).error?.resume).toMatchObject({ requestId: "req-once" });
    await retryPanel(panel.id);
    expect(fake.fal.queue.submit).toHaveBeenCalledTimes(1);
    expect(panelOf(panel.id).error).toMatchObject({ kind: "upstream" });
    expect(panelOf(panel.id).error?.resume ?? null).toBeNull();
  });

  it("after a reload follows requests fal accepted, and reports ones cut off before they were sent", async () => {
    const sent = addPanel();
    const unsent = addPanel();
    const pending = (requestId: string | null): Pending => ({
      requestId,
      mode: "draft",
      recipe: sent.recipe,
      costCents: 10,
      status: requestId ? "IN_QUEUE" : "uploading",
      queuePosition: null,
      logs: [],
      submittedAt: 1,
      startedAt: null,
    });
    s().setPending(sent.id, pending("req-9"));
    s().setPending(unsent.id, pending(null));

    resumePending();

    expect(panelOf(unsent.id)).toMatchObject({ pending: null, error: { message: expect.stringMatching(/nothing was spent/) } });
    await vi.waitFor(() => expect(panelOf(sent.id).takes.map((t) => t.requestId)).toEqual(["req-9"]));
    expect(fake.fal.queue.submit).not.toHaveBeenCalled();
  });

  it("follows one request once, however often it is asked to", async () => {
    const panel = addPanel();
    const held = deferred();
    fake.script = [() => held.promise];
    s().setPending(panel.id, { requestId: "req-5", mode: "draft", recipe: panel.recipe, costCents: 0, status: "IN_QUEUE", queuePosition: null, logs: [], submittedAt: 1, startedAt: null });
    const first = follow(panel.id);
    expect(await follow(panel.id)).toMatchObject({ ok: false, error: { message: "Nothing to follow" } });
    held.resolve();
    expect(await first).toEqual({ ok: true });
    expect(fake.fal.queue.status).toHaveBeenCalledTimes(1);
  });
});

describe("fix and restage", () => {
  const takeImage = { blobId: "take-img", type: "image/png" as const, width: 512, height: 288, bytes: 4000 };
  const draftTake = (panel: Panel) => ({
    id: "take-1",
    requestId: "req-0",
    mode: "draft" as const,
    createdAt: 1,
    recipe: panel.recipe,
    seed: 5,
    costCents: 15,
    images: [takeImage],
    thumbnails: [takeImage],
  });
  const submitted = () => fake.fal.queue.submit.mock.calls.map(([endpoint, { input }]) => ({ endpoint, input }));

  it("keeps the region, sends image and region to edit, follows edit, and lands a take that records both", async () => {
    fake.blobs.set("take-img", new Blob(["take"], { type: "image/png" }));
    const panel = addPanel();
    const recipe = { ...fixRecipe(draftTake(panel), 0, ferris.id, unsavedMask(512, 288)), prompt: "a red umbrella" };
    const outcome = await startFix(panel.id, recipe, new Blob(["region"], { type: "image/png" }));

    expect(outcome).toEqual({ ok: true });
    const [{ endpoint, input }] = submitted() as [{ endpoint: string; input: Record<string, unknown> }];
    expect(endpoint).toBe(ENDPOINT_IDS.edit);
    const region = panelOf(panel.id).takes[0]!.recipe.direction;
    expect(region).toMatchObject({ kind: "fix", source: { kind: "take", takeId: "take-1", imageIndex: 0 }, image: takeImage, mask: { width: 512, height: 288, bytes: 6 } });
    const maskId = region?.kind === "fix" ? region.mask.blobId : "";
    expect(await fake.blobs.get(maskId)!.text()).toBe("region");
    expect(input).toMatchObject({
      prompt: "a red umbrella",
      image_url: "https://files.test/take-img",
      mask_url: `https://files.test/${maskId}`,
      reference_image_urls: ["https://files.test/ref-blob"],
      reference_mask_urls: ["https://files.test/mask-blob"],
    });
    expect(input).not.toHaveProperty("style");
    expect(new Set(fake.fal.queue.status.mock.calls.map(([id]) => id))).toEqual(new Set([ENDPOINT_IDS.edit]));
    expect(fake.fal.queue.result).toHaveBeenCalledWith(ENDPOINT_IDS.edit, { requestId: "req-1" });
    expect(panelOf(panel.id).takes[0]!.costCents).toBe(recipeCostCents(recipe));
  });

  it("renders a draft fix on fal in one click, with its image, region and seed", async () => {
    fake.blobs.set("take-img", new Blob(["take"], { type: "image/png" }));
    fake.blobs.set("region-1", new Blob(["region"], { type: "image/png" }));
    const panel = addPanel();
    const fixTake = { ...draftTake(panel), id: "fix-take", seed: 77, recipe: fixRecipe(draftTake(panel), 0, ferris.id, { ...unsavedMask(512, 288), blobId: "region-1" }) };
    useCastboard.setState({ generationMode: "fal" });
    expect(await renderOnFal(panel.id, fixTake)).toEqual({ ok: true });
    const [{ endpoint, input }] = submitted() as [{ endpoint: string; input: Record<string, unknown> }];
    expect(endpoint).toBe(ENDPOINT_IDS.edit);
    expect(input).toMatchObject({ seed: 77, image_url: "https://files.test/take-img", mask_url: "https://files.test/region-1" });
    expect(panelOf(panel.id).takes[0]).toMatchObject({ mode: "fal", recipe: { direction: { kind: "fix" } } });
  });

  it("follows a restage again after a reload on the remix endpoint", async () => {
    const panel = addPanel();
    const recipe = restageRecipe(panel, { source: { kind: "sketch" }, image: takeImage }, 0.4);
    s().setPending(panel.id, { requestId: "req-r", mode: "draft", recipe, costCents: 15, status: "IN_QUEUE", queuePosition: null, logs: [], submittedAt: 1, startedAt: null });
    resumePending();
    await vi.waitFor(() => expect(panelOf(panel.id).takes).toHaveLength(1));
    expect(new Set(fake.fal.queue.status.mock.calls.map(([id]) => id))).toEqual(new Set([ENDPOINT_IDS.remix]));
    expect(panelOf(panel.id).takes[0]!.recipe.direction).toEqual({ kind: "restage", source: { kind: "sketch" }, image: takeImage, strength: 0.4 });
  });

  it("says what to do when the image to start from is gone, and spends nothing", async () => {
    const panel = addPanel();
    const outcome = await generatePanel(panel.id, restageRecipe(panel, { source: { kind: "upload", fileName: "a.png" }, image: takeImage }));
    expect(outcome).toMatchObject({ ok: false, error: { message: expect.stringMatching(/image to start from is missing.*Pick the image again/) } });
    expect(fake.fal.queue.submit).not.toHaveBeenCalled();
  });

  it("restoring a fix's take puts its prompt back in the composer, but not its image or region", () => {
    const panel = addPanel();
    const take = { ...draftTake(panel), recipe: { ...fixRecipe(draftTake(panel), 0, ferris.id, unsavedMask(512, 288)), prompt: "umbrella" } };
    useCastboard.setState((st) => ({ panels: st.panels.map((p) => (p.id === panel.id ? { ...p, takes: [take] } : p)) }));
    s().restoreTake(panel.id, take.id);
    expect(panelOf(panel.id).recipe.prompt).toBe("umbrella");
    expect(panelOf(panel.id).recipe).not.toHaveProperty("direction");
  });
});

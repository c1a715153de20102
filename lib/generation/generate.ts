"use client";
import "client-only";
import { ENDPOINT_IDS } from "../fal/endpoint";
import { getBlob } from "../storage/blob-store";
import type { PanelError, ShotRecipe, Take } from "../state/panel-schema";
import { useCastboard } from "../state/store";
import { currentOpen } from "../state/sync";
import { toPanelError } from "./errors";
import { keepImage } from "./keep-image";
import { falClient } from "./fal-client";
import { buildRequest, endpointFor, recipeCostCents, validateRecipe } from "./request";
import { parseGenerationResult } from "./result";
import { uploadStoredOnce } from "./uploads";

/**
 * Runs a panel's generation through the real client: upload (once per content), submit, follow
 * the queue with logs, fetch the result, keep the images as blobs. The request id is stored at
 * submit, so `resumePending` picks generations up again after a reload.
 */
export type Outcome = { ok: true } | { ok: false; error: PanelError };

const store = useCastboard;
/**
 * Status polls share one budget: all generations in this tab together ask about 20 times a second
 * at most, half the proxy's default per-client limit (40/s), leaving the rest for submits, uploads
 * and results. One to four generations poll every 200 ms each, so a finished panel is noticed
 * within a fifth of a second; eight at once poll every 400 ms each.
 */
const STATUS_CALLS_PER_SECOND = 20;
/** Requests this tab is following now (one per generation in flight). */
const following = new Set<string>();
const FASTEST_POLL_MS = 200;

export function statusPollMs(generationsFollowed: number): number {
  return Math.max(FASTEST_POLL_MS, (1000 * Math.max(1, generationsFollowed)) / STATUS_CALLS_PER_SECOND);
}

type FalClient = Awaited<ReturnType<typeof falClient>>;
type QueueStatus = Awaited<ReturnType<FalClient["queue"]["status"]>>;

/**
 * Asks for the request's status until it completes, spacing the calls by the shared budget above,
 * and stops as soon as nobody waits for it any more (cancelled, re-run, another project opened),
 * so a stale loop neither polls on nor slows the live ones.
 */
async function pollUntilCompleted(fal: FalClient, endpointId: string, requestId: string, keepGoing: () => boolean, onUpdate: (update: QueueStatus) => void): Promise<void> {
  while (keepGoing()) {
    const update = await fal.queue.status(endpointId, { requestId, logs: true });
    if (!keepGoing()) return;
    onUpdate(update);
    if (update.status === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, statusPollMs(following.size)));
  }
}

function panel(id: string) {
  return store.getState().panels.find((p) => p.id === id);
}

async function requireBlob(id: string, what: string, remedy = "Add the character again."): Promise<Blob> {
  const blob = await getBlob(id);
  if (!blob) throw new Error(`${what} is missing from this browser's storage. ${remedy}`);
  return blob;
}

async function maskToSend(blobId: string, width: number, height: number): Promise<Blob> {
  const stored = await requireBlob(blobId, "The mask");
  if (!store.getState().settings.invertMaskPolarity) return stored;
  // The PNG decoder loads only for this rare setting, not with the app.
  const { MaskDocument } = await import("../mask/mask-document");
  return (await MaskDocument.fromPng(stored, width, height)).exportPng({ invertPolarity: true });
}

/** Requests already followed again once after a failure: if that fails too, Retry starts afresh. */
const resumed = new Set<string>();

function fail(panelId: string, error: unknown): Outcome {
  const pending = panel(panelId)?.pending;
  const base = toPanelError(error);
  const resumable = !!pending?.requestId && !resumed.has(pending.requestId) && ["upstream", "network", "rate_limit"].includes(base.kind);
  const panelError = resumable ? { ...base, resume: pending } : base;
  store.getState().setPending(panelId, null);
  store.getState().setPanelError(panelId, panelError);
  return { ok: false, error: panelError };
}

/**
 * Still the generation we started, in the project we started it in? A cancel or a newer run
 * replaces it; a project opened meanwhile gets its own follower when it is reopened.
 */
function stillCurrent(panelId: string, requestId: string | null, submittedAt: number, session: number): boolean {
  const pending = panel(panelId)?.pending;
  return session === currentOpen() && !!pending && pending.submittedAt === submittedAt && (requestId === null || pending.requestId === requestId);
}

export interface GenerationHooks {
  /** fal has answered with the result; what is left is downloading the images. */
  onUpstreamDone?: () => void;
}

export async function generatePanel(panelId: string, recipeOverride?: ShotRecipe, hooks: GenerationHooks = {}): Promise<Outcome> {
  const state = store.getState();
  const target = panel(panelId);
  if (!target || target.pending) return { ok: false, error: { kind: "other", message: "Already generating", fields: {} } };
  const recipe = recipeOverride ?? target.recipe;
  const character = state.characters.find((c) => c.id === recipe.characterId);
  const invalid = validateRecipe(recipe, !!character);
  if (Object.keys(invalid).length > 0 || !character) {
    // A fix or restage has no highlighted fields in the composer: say what is wrong instead.
    const message = recipe.direction ? (Object.values(invalid)[0] ?? "Fix the highlighted fields first.") : "Fix the highlighted fields first.";
    const error: PanelError = { kind: "validation", message, fields: invalid as Record<string, string> };
    state.setPanelError(panelId, error);
    return { ok: false, error };
  }
  const mode = state.generationMode;
  const submittedAt = Date.now();
  const session = currentOpen();
  state.setPending(panelId, {
    requestId: null,
    mode,
    recipe,
    costCents: recipeCostCents(recipe),
    status: "uploading",
    queuePosition: null,
    logs: [],
    submittedAt,
    startedAt: null,
  });
  try {
    const invertMask = state.settings.invertMaskPolarity;
    const mask = character.mask;
    const direction = recipe.direction;
    const again = "Pick the image again and start over.";
    // A fix's region is sent as painted (black = repaint): fal's edit masks, not the character's polarity.
    const [source, region, reference, maskUrl, ...styleReferences] = await Promise.all([
      direction ? uploadStoredOnce(direction.image.blobId, mode, () => requireBlob(direction.image.blobId, "The image to start from", again)) : undefined,
      direction?.kind === "fix" ? uploadStoredOnce(direction.mask.blobId, mode, () => requireBlob(direction.mask.blobId, "The region to fix", again)) : undefined,
      uploadStoredOnce(character.reference.blobId, mode, () => requireBlob(character.reference.blobId, "The character reference")),
      mask
        ? uploadStoredOnce(`${mask.blobId}${invertMask ? ":inverted" : ""}`, mode, () =>
            maskToSend(mask.blobId, character.reference.width, character.reference.height),
          )
        : undefined,
      ...recipe.settings.styleReferences.map((ref) => uploadStoredOnce(ref.blobId, mode, () => requireBlob(ref.blobId, "A style reference"))),
    ]);
    if (!stillCurrent(panelId, null, submittedAt, session)) return { ok: false, error: { kind: "cancelled", message: "Cancelled", fields: {} } };
    store.getState().patchPending(panelId, { status: "submitting" });
    const { endpoint, input } = buildRequest(recipe, { reference: reference!, mask: maskUrl, styleReferences: styleReferences as string[], source, region });
    const endpointId = ENDPOINT_IDS[endpoint];
    // One key per attempt: the client's own retries of this submit are answered once and charged once.
    const fal = await falClient();
    const { request_id: requestId } = await fal.queue.submit(endpointId, { input, headers: { "idempotency-key": crypto.randomUUID() } });
    if (!stillCurrent(panelId, null, submittedAt, session)) {
      void fal.queue.cancel(endpointId, { requestId }).catch(() => undefined);
      return { ok: false, error: { kind: "cancelled", message: "Cancelled", fields: {} } };
    }
    store.getState().patchPending(panelId, { requestId, status: "IN_QUEUE" });
    return await follow(panelId, hooks);
  } catch (error) {
    return stillCurrent(panelId, null, submittedAt, session) ? fail(panelId, error) : { ok: false, error: toPanelError(error) };
  }
}

/** Follows a submitted request to its result; safe to call again after a reload. */
export async function follow(panelId: string, hooks: GenerationHooks = {}): Promise<Outcome> {
  const pending = panel(panelId)?.pending;
  const requestId = pending?.requestId;
  const key = `${currentOpen()}:${requestId}`;
  if (!pending || !requestId || following.has(key)) return { ok: false, error: { kind: "other", message: "Nothing to follow", fields: {} } };
  following.add(key);
  const { submittedAt } = pending;
  const session = currentOpen();
  // The recipe the request was made from says which endpoint it went to (after a reload too).
  const endpointId = ENDPOINT_IDS[endpointFor(pending.recipe)];
  try {
    const fal = await falClient();
    await pollUntilCompleted(fal, endpointId, requestId, () => stillCurrent(panelId, requestId, submittedAt, session), (update) => {
      const current = panel(panelId)?.pending;
      store.getState().patchPending(panelId, {
        status: update.status === "COMPLETED" ? "downloading" : update.status,
        queuePosition: update.status === "IN_QUEUE" ? update.queue_position : null,
        logs: "logs" in update ? update.logs.map((l) => l.message) : (current?.logs ?? []),
        startedAt: update.status === "IN_QUEUE" ? null : (current?.startedAt ?? Date.now()),
      });
    });
    if (!stillCurrent(panelId, requestId, submittedAt, session)) return { ok: false, error: { kind: "cancelled", message: "Cancelled", fields: {} } };
    const result = parseGenerationResult((await fal.queue.result(endpointId, { requestId })).data);
    hooks.onUpstreamDone?.();
    const kept = await Promise.all(result.images.map((image) => keepImage(image.url)));
    if (!stillCurrent(panelId, requestId, submittedAt, session)) return { ok: false, error: { kind: "cancelled", message: "Cancelled", fields: {} } };
    const take: Take = {
      id: crypto.randomUUID(),
      requestId,
      mode: pending.mode,
      createdAt: Date.now(),
      recipe: pending.recipe,
      seed: result.seed,
      costCents: pending.costCents,
      images: kept.map((k) => k.image),
      thumbnails: kept.map((k) => k.thumbnail),
    };
    store.getState().addTake(panelId, take);
    return { ok: true };
  } catch (error) {
    return stillCurrent(panelId, requestId, submittedAt, session) ? fail(panelId, error) : { ok: false, error: toPanelError(error) };
  } finally {
    following.delete(key);
  }
}

export async function cancelGeneration(panelId: string): Promise<void> {
  const pending = panel(panelId)?.pending;
  if (!pending) return;
  store.getState().setPending(panelId, null);
  store.getState().setPanelError(panelId, { kind: "cancelled", message: "Cancelled. Your prompt and settings are kept; generate again when ready.", fields: {} });
  const { requestId } = pending;
  const endpointId = ENDPOINT_IDS[endpointFor(pending.recipe)];
  if (requestId) await falClient().then((fal) => fal.queue.cancel(endpointId, { requestId })).catch(() => undefined);
}

/** Retry after a failure: follows the request fal already accepted if there is one, else generates again. */
export function retryPanel(panelId: string): Promise<Outcome> {
  const resume = panel(panelId)?.error?.resume;
  if (!resume?.requestId) return generatePanel(panelId);
  resumed.add(resume.requestId);
  store.getState().setPending(panelId, { ...resume, status: "IN_QUEUE", queuePosition: null });
  return follow(panelId);
}

/** After a reload: submitted requests are followed again; ones cut off before submit are reported. */
export function resumePending(): void {
  for (const p of store.getState().panels) {
    if (!p.pending) continue;
    if (p.pending.requestId) void follow(p.id);
    else {
      store.getState().setPending(p.id, null);
      store.getState().setPanelError(p.id, {
        kind: "other",
        message: "The page was closed before this generation was sent, so nothing was spent. Generate again.",
        fields: {},
      });
    }
  }
}

/** Renders a draft take again on fal with exactly its recipe and seed (a fix or restage with its image and mask). */
export function renderOnFal(panelId: string, take: Take): Promise<Outcome> {
  const recipe: ShotRecipe = { ...take.recipe, settings: { ...take.recipe.settings, seedMode: "locked", seed: take.seed } };
  return generatePanel(panelId, recipe);
}

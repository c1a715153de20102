import "server-only";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EndpointKind } from "../fal/endpoint";
import type { EndpointInput, INPUT_SCHEMAS } from "../fal/schema";
import type * as z from "../zod";

/** fal's queue life cycle, kept by the offline engine for each submitted request. */
export type JobStatus = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";

export interface RequestLog {
  message: string;
  level: "INFO" | "ERROR";
  source: "USER";
  timestamp: string;
}

export interface GeneratedImage {
  fileName: string;
  width: number;
  height: number;
  size: number;
}

export type JobOutcome =
  | { ok: true; images: GeneratedImage[]; seed: number }
  | { ok: false; status: number; message: string; body: unknown };

/**
 * What the engine remembers of a request. Its input (which can carry inline images) lives only
 * in the request's file on disk while it waits or draws, and is dropped once it ends.
 */
export interface Job {
  id: string;
  /** Which endpoint it was submitted to, so a request resumed after a restart draws the same kind. */
  endpoint: EndpointKind;
  /** Who submitted it (see `ownerOf`): quotas and the files it draws are charged there. */
  owner: string;
  syncMode: boolean;
  status: JobStatus;
  logs: RequestLog[];
  submittedAt: number;
  startedAt?: number;
  completedAt?: number;
  cancelled?: boolean;
  outcome?: JobOutcome;
}

/** A validated input together with the endpoint whose schema it passed. */
export type EndpointRequest = {
  [K in EndpointKind]: { endpoint: K; input: z.infer<(typeof INPUT_SCHEMAS)[K]> };
}[EndpointKind];

export type JobExecutor = (job: Job, request: EndpointRequest, log: (message: string) => void) => Promise<JobOutcome>;

/** Records written before edit and remix existed name no endpoint: they were all character requests. */
type StoredJob = Omit<Job, "endpoint"> & { endpoint?: EndpointKind };
const withEndpoint = (job: StoredJob): Job => ({ ...job, endpoint: job.endpoint ?? "character" });

export interface QueueLimits {
  /** Requests waiting or drawing, overall and per owner. */
  queueMax: number;
  queuePerClient: number;
  /** Finished requests kept for status and result calls, overall and per owner; the oldest go first. */
  jobsKept: number;
  jobsKeptPerClient: number;
}

export type SubmitRefusal = { refused: "queue_full" | "client_queue_full"; waiting: number };

const CANCELLED: JobOutcome = {
  ok: false,
  status: 400,
  message: "Request was cancelled",
  body: { detail: "Request was cancelled" },
};
/** Finished requests read back from disk stay in memory for a while: clients poll them. */
const RECENT_CACHE = 256;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bounded worker queue with fal's states, on disk so results outlive a restart and unfinished
 * requests resume. Waiting and running requests are in `jobs/pending/<owner>.<id>.json` (with
 * their input), finished ones in `jobs/done/<completedAt>.<owner>.<id>.json` (without): at start
 * only the pending ones are read; finished ones are found by name and read when asked for.
 */
export class JobQueue {
  private readonly active = new Map<string, Job>();
  private readonly waiting: string[] = [];
  private running = 0;
  /** Finished requests by id, oldest first: the file holding each. */
  private readonly done = new Map<string, { file: string; owner: string; completedAt: number }>();
  private readonly doneByOwner = new Map<string, Set<string>>();
  private readonly recent = new Map<string, Job>();
  private readonly pendingDir: string;
  private readonly doneDir: string;
  private readonly ready: Promise<void>;

  constructor(
    dataDir: string,
    private readonly options: {
      concurrency: number;
      latencyMs: number;
      limits: QueueLimits;
      execute: JobExecutor;
      /** A finished request is forgotten (kept-jobs limit, or age): the files it drew can go too. */
      onForget?: (job: Job) => Promise<void>;
    },
  ) {
    this.pendingDir = path.join(dataDir, "jobs", "pending");
    this.doneDir = path.join(dataDir, "jobs", "done");
    this.ready = this.restore();
  }

  private async restore(): Promise<void> {
    await mkdir(this.pendingDir, { recursive: true }).catch(() => undefined);
    await mkdir(this.doneDir, { recursive: true }).catch(() => undefined);
    const finished = (await readdir(this.doneDir).catch(() => []))
      .map((file) => ({ file, parts: /^(\d+)\.([^.]+)\.([A-Za-z0-9-]+)\.json$/.exec(file) }))
      .filter((entry): entry is { file: string; parts: RegExpExecArray } => !!entry.parts)
      .sort((a, b) => Number(a.parts[1]) - Number(b.parts[1]));
    for (const { file, parts } of finished) this.remember(parts[3]!, { file, owner: parts[2]!, completedAt: Number(parts[1]) });
    for (const file of await readdir(this.pendingDir).catch(() => [])) {
      const stored = await readFile(path.join(this.pendingDir, file), "utf8")
        .then((text) => JSON.parse(text) as { job: StoredJob })
        .catch(() => null);
      if (!stored?.job?.id || this.active.has(stored.job.id) || this.done.has(stored.job.id)) continue;
      const job = withEndpoint(stored.job);
      job.status = "IN_QUEUE";
      this.active.set(job.id, job);
      this.waiting.push(job.id);
    }
    this.pump();
  }

  /** Queues the request, or says which limit it would pass (nothing is stored then). */
  async submit(job: Job, input: EndpointInput): Promise<SubmitRefusal | null> {
    await this.ready;
    const { queueMax, queuePerClient } = this.options.limits;
    if (this.active.size >= queueMax) return { refused: "queue_full", waiting: this.active.size };
    const mine = [...this.active.values()].filter((other) => other.owner === job.owner).length;
    if (mine >= queuePerClient) return { refused: "client_queue_full", waiting: mine };
    await writeFile(this.pendingPath(job), JSON.stringify({ job, input }));
    this.active.set(job.id, job);
    this.waiting.push(job.id);
    this.pump();
    return null;
  }

  async get(id: string): Promise<Job | undefined> {
    await this.ready;
    const live = this.active.get(id) ?? this.recent.get(id);
    if (live) return live;
    const entry = this.done.get(id);
    if (!entry) return undefined;
    const job = await readFile(path.join(this.doneDir, entry.file), "utf8")
      .then((text) => withEndpoint(JSON.parse(text) as StoredJob))
      .catch(() => undefined);
    if (job) this.cache(job);
    return job;
  }

  queuePosition(id: string): number {
    return Math.max(0, this.waiting.indexOf(id));
  }

  /** fal's answers: a queued job is dropped, a running one is flagged and discarded when it ends. */
  async cancel(id: string): Promise<"CANCELLATION_REQUESTED" | "ALREADY_COMPLETED" | "NOT_FOUND"> {
    const job = await this.get(id);
    if (!job) return "NOT_FOUND";
    if (job.status === "COMPLETED") return "ALREADY_COMPLETED";
    job.cancelled = true;
    const index = this.waiting.indexOf(id);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      await this.finish(job, CANCELLED);
    }
    return "CANCELLATION_REQUESTED";
  }

  async prune(retentionMs: number, now = Date.now()): Promise<void> {
    await this.ready;
    for (const [id, entry] of [...this.done]) {
      if (now - entry.completedAt <= retentionMs) break;
      await this.forget(id);
    }
  }

  /** Jobs still waiting or running: for health and load reporting. */
  get pending(): number {
    return this.waiting.length + this.running;
  }

  get kept(): number {
    return this.done.size;
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift();
      const job = id ? this.active.get(id) : undefined;
      if (!job) continue;
      this.running += 1;
      void this.run(job).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    job.status = "IN_PROGRESS";
    job.startedAt = Date.now();
    const log = (message: string) =>
      job.logs.push({ message, level: "INFO", source: "USER", timestamp: new Date().toISOString() });
    let outcome: JobOutcome;
    try {
      const { input } = JSON.parse(await readFile(this.pendingPath(job), "utf8")) as { input: EndpointInput };
      // The input passed this endpoint's schema when it was submitted.
      outcome = await this.options.execute(job, { endpoint: job.endpoint, input } as EndpointRequest, log);
    } catch (error) {
      const message = error instanceof Error ? error.message : "The offline engine failed to draw this request";
      outcome = { ok: false, status: 500, message, body: { detail: message } };
    }
    const remaining = this.options.latencyMs - (Date.now() - job.startedAt);
    if (remaining > 0) await sleep(remaining);
    await this.finish(job, job.cancelled ? CANCELLED : outcome);
  }

  /** Stores the ending, applies the kept-requests limits, and only then shows the request as COMPLETED. */
  private async finish(job: Job, outcome: JobOutcome): Promise<void> {
    const completedAt = Date.now();
    const logs = outcome.ok ? job.logs : [...job.logs, { message: outcome.message, level: "ERROR" as const, source: "USER" as const, timestamp: new Date(completedAt).toISOString() }];
    const finished: Job = { ...job, status: "COMPLETED", completedAt, outcome, logs };
    const file = `${completedAt}.${job.owner}.${job.id}.json`;
    // The record is written whole under a temporary name first, so a crash never leaves half of it.
    const target = path.join(this.doneDir, file);
    await writeFile(`${target}.tmp`, JSON.stringify(finished))
      .then(() => rename(`${target}.tmp`, target))
      .catch(() => undefined);
    await rm(this.pendingPath(job), { force: true });
    this.remember(job.id, { file, owner: job.owner, completedAt });
    await this.enforceKeptLimits(job.owner);
    Object.assign(job, finished);
    this.active.delete(job.id);
    if (this.done.has(job.id)) this.cache(job);
  }

  private remember(id: string, entry: { file: string; owner: string; completedAt: number }): void {
    this.done.set(id, entry);
    const owned = this.doneByOwner.get(entry.owner) ?? new Set<string>();
    owned.add(id);
    this.doneByOwner.set(entry.owner, owned);
  }

  private cache(job: Job): void {
    this.recent.delete(job.id);
    this.recent.set(job.id, job);
    if (this.recent.size > RECENT_CACHE) this.recent.delete(this.recent.keys().next().value!);
  }

  private async enforceKeptLimits(owner: string): Promise<void> {
    const { jobsKept, jobsKeptPerClient } = this.options.limits;
    const owned = this.doneByOwner.get(owner);
    while (owned && owned.size > jobsKeptPerClient) await this.forget(owned.values().next().value!);
    while (this.done.size > jobsKept) await this.forget(this.done.keys().next().value!);
  }

  private async forget(id: string): Promise<void> {
    const entry = this.done.get(id);
    if (!entry) return;
    const job = await this.get(id);
    this.done.delete(id);
    this.recent.delete(id);
    const owned = this.doneByOwner.get(entry.owner);
    owned?.delete(id);
    if (owned?.size === 0) this.doneByOwner.delete(entry.owner);
    await rm(path.join(this.doneDir, entry.file), { force: true });
    if (job) await this.options.onForget?.(job);
  }

  private pendingPath(job: Pick<Job, "id" | "owner">): string {
    return path.join(this.pendingDir, `${job.owner}.${job.id}.json`);
  }
}

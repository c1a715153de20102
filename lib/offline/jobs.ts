import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { IdeogramCharacterInput } from "../fal/schema";

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

export interface Job {
  id: string;
  input: IdeogramCharacterInput;
  status: JobStatus;
  logs: RequestLog[];
  submittedAt: number;
  startedAt?: number;
  completedAt?: number;
  cancelled?: boolean;
  outcome?: JobOutcome;
}

export type JobExecutor = (job: Job, log: (message: string) => void) => Promise<JobOutcome>;

const CANCELLED: JobOutcome = {
  ok: false,
  status: 400,
  message: "Request was cancelled",
  body: { detail: "Request was cancelled" },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bounded worker queue with fal's states. Jobs are written to disk at submit and at
 * completion, so results outlive a restart and unfinished jobs resume.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: string[] = [];
  private running = 0;
  private readonly jobsDir: string;
  private readonly ready: Promise<void>;

  constructor(
    dataDir: string,
    private readonly options: { concurrency: number; latencyMs: number; execute: JobExecutor },
  ) {
    this.jobsDir = path.join(dataDir, "jobs");
    this.ready = this.restore();
  }

  /** Reloads jobs from disk; those that never finished go back into the queue. */
  private async restore(): Promise<void> {
    await mkdir(this.jobsDir, { recursive: true }).catch(() => undefined);
    for (const name of await readdir(this.jobsDir).catch(() => [])) {
      const job = await readFile(path.join(this.jobsDir, name), "utf8")
        .then((text) => JSON.parse(text) as Job)
        .catch(() => null);
      if (!job?.id || this.jobs.has(job.id)) continue;
      this.jobs.set(job.id, job);
      if (job.status !== "COMPLETED") {
        job.status = "IN_QUEUE";
        this.waiting.push(job.id);
      }
    }
    this.pump();
  }

  async submit(job: Job): Promise<void> {
    await this.ready;
    this.jobs.set(job.id, job);
    this.waiting.push(job.id);
    // Like fal, answer at once; the record reaches the disk right behind (writes stay in order).
    void this.persist(job);
    this.pump();
  }

  async get(id: string): Promise<Job | undefined> {
    await this.ready;
    return this.jobs.get(id);
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
    for (const job of [...this.jobs.values()]) {
      if (job.status === "COMPLETED" && now - (job.completedAt ?? job.submittedAt) > retentionMs) {
        this.jobs.delete(job.id);
        await rm(this.jobPath(job.id), { force: true });
      }
    }
  }

  /** Jobs still waiting or running: for health and load reporting. */
  get pending(): number {
    return this.waiting.length + this.running;
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift();
      const job = id ? this.jobs.get(id) : undefined;
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
      outcome = await this.options.execute(job, log);
    } catch (error) {
      const message = error instanceof Error ? error.message : "The offline engine failed to draw this request";
      outcome = { ok: false, status: 500, message, body: { detail: message } };
    }
    const remaining = this.options.latencyMs - (Date.now() - job.startedAt);
    if (remaining > 0) await sleep(remaining);
    await this.finish(job, job.cancelled ? CANCELLED : outcome);
  }

  private async finish(job: Job, outcome: JobOutcome): Promise<void> {
    job.status = "COMPLETED";
    job.completedAt = Date.now();
    job.outcome = outcome;
    if (!outcome.ok) {
      job.logs.push({ message: outcome.message, level: "ERROR", source: "USER", timestamp: new Date().toISOString() });
    }
    await this.persist(job);
  }

  private jobPath(id: string): string {
    return path.join(this.jobsDir, `${id}.json`);
  }

  private writes = new Map<string, Promise<void>>();

  /** One write chain per job, so a late submit write can never overwrite its completion. */
  private persist(job: Job): Promise<void> {
    const snapshot = JSON.stringify(job);
    const previous = this.writes.get(job.id) ?? Promise.resolve();
    const next = previous.then(() => writeFile(this.jobPath(job.id), snapshot).catch(() => undefined));
    this.writes.set(job.id, next);
    void next.then(() => {
      if (this.writes.get(job.id) === next) this.writes.delete(job.id);
    });
    return next;
  }
}

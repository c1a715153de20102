import type { Browser } from "playwright-core";

/**
 * Chromium tracing with V8's sampling profiler, for where a benchmark's main-thread time goes:
 * the page's tasks (RunTask) with their durations, the trace events inside the longest one
 * (script, GC, layout, paint…) and the JavaScript samples taken meanwhile, by function.
 *
 * Production chunks are minified: class methods keep their names (pdf-lib's `drawText`,
 * fontkit's `layout`, the app's `Metrics.word`), plain functions become two-letter names, which
 * are listed with their chunk, line and column so they can be looked up in `.next/static/chunks`.
 */

export interface ProfileEntry {
  name: string;
  where: string;
  ms: number;
  pct: number;
}

/** One traced action: Chromium's tasks on the page's main thread, with the V8 samples in them. */
export interface TraceSummary {
  /** The window analysed (see `analyzeTrace`), in ms. */
  windowMs: number;
  /** Main-thread tasks that overlap the window: over 50 ms, over 100 ms, the longest. */
  tasksOver50: number;
  tasksOver100: number;
  longestTaskMs: number;
  /** Self time by function in the window, idle left out. */
  top: ProfileEntry[];
  /** Time by function on the stack in the window (inclusive). */
  inclusive: ProfileEntry[];
  /** Self time by script (chunk) or by V8's own category ("(garbage collector)", "(program)"). */
  byScript: ProfileEntry[];
  /** Inside the longest task: trace events (inclusive, nested ones counted in each), functions on the stack (inclusive), self time. */
  longestTask: { events: ProfileEntry[]; inclusive: ProfileEntry[]; self: ProfileEntry[]; jsPct: number; gcPct: number };
}

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      type?: string;
      startTime?: number;
      cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: CallFrame }[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface CallFrame {
  functionName: string;
  url?: string;
  lineNumber?: number;
  columnNumber?: number;
}

const TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler"];

/** Runs `action` under Chromium's tracing (the whole browser) and returns its result and the trace's events. */
export async function traceDuring<T>(browser: Browser, action: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  let result: T;
  try {
    result = await action();
  } catch (error) {
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  const buffer = await browser.stopTracing();
  return { result, events: (JSON.parse(buffer.toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents };
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * Analyses the renderer main thread that worked the most. `window` picks the stretch to analyse
 * on that thread (trace clock, µs), e.g. `betweenClicks`; by default the whole trace.
 */
export function analyzeTrace(events: TraceEvent[], window?: (mainThread: TraceEvent[]) => { from: number; to: number } | null): TraceSummary {
  const mains = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== "X" || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const work = (list: TraceEvent[]) => list.filter((e) => e.name === "RunTask").reduce((sum, e) => sum + (e.dur ?? 0), 0);
  const busiest = [...byThread.entries()].sort((a, b) => work(b[1]) - work(a[1]))[0];
  if (!busiest) throw new Error("the trace has no renderer main thread");
  const [mainKey, threadEvents] = busiest;
  const pid = Number(mainKey.split(":")[0]);
  const all = threadEvents.filter((e) => e.name === "RunTask");
  const span = window?.(threadEvents) ?? { from: Math.min(...all.map((e) => e.ts)), to: Math.max(...all.map((e) => e.ts + (e.dur ?? 0))) };
  const tasks = all.filter((e) => e.ts + (e.dur ?? 0) > span.from && e.ts < span.to);

  // V8 samples: a Profile event per profiled thread, then chunks of nodes, samples and time deltas.
  const profiles = events.filter((e) => e.ph === "P" && e.name === "Profile" && e.pid === pid);
  const profileId = (profiles.find((e) => `${e.pid}:${e.tid}` === mainKey) ?? profiles[0])?.id;
  const nodes = new Map<number, { parent?: number; frame: CallFrame }>();
  const samples: { ts: number; us: number; node: number }[] = [];
  let clock = profiles.find((e) => e.id === profileId)?.args?.data?.startTime ?? 0;
  for (const e of events) {
    if (e.ph !== "P" || e.name !== "ProfileChunk" || e.id !== profileId || e.pid !== pid) continue;
    const data = e.args?.data;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, { parent: n.parent, frame: n.callFrame });
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((node, k) => {
      clock += deltas[k] ?? 0;
      samples.push({ ts: clock, us: 0, node });
    });
  }
  samples.forEach((sample, k) => (sample.us = Math.max(0, (samples[k + 1]?.ts ?? sample.ts) - sample.ts)));

  const where = (f: CallFrame) => (f.url ? `${f.url.split("/").pop()}:${(f.lineNumber ?? 0) + 1}:${(f.columnNumber ?? 0) + 1}` : "");
  const frameOf = (node: number): CallFrame => nodes.get(node)?.frame ?? { functionName: "?" };
  const isIdle = (node: number) => frameOf(node).functionName === "(idle)";
  type Bucket = { key: string; name: string; where: string };
  const fn = (f: CallFrame): Bucket => ({ key: `${f.functionName}@${where(f)}`, name: f.functionName || "(anonymous)", where: where(f) });
  const self = (node: number): Bucket[] => [fn(frameOf(node))];
  const script = (node: number): Bucket[] => {
    const f = frameOf(node);
    const name = f.url ? f.url.split("/").pop()! : f.functionName;
    return [{ key: name, name, where: "" }];
  };
  /** Every function on the stack once (inclusive time). */
  const stack = (node: number): Bucket[] => {
    const out = new Map<string, Bucket>();
    for (let id: number | undefined = node; id !== undefined; id = nodes.get(id)?.parent) {
      const f = frameOf(id);
      if (f.functionName !== "(root)") out.set(fn(f).key, fn(f));
    }
    return [...out.values()];
  };
  const entries = (sums: Map<string, Bucket & { us: number }>, totalUs: number, count: number): ProfileEntry[] =>
    [...sums.values()]
      .sort((x, y) => y.us - x.us)
      .slice(0, count)
      .map((e) => ({ name: e.name, where: e.where, ms: round(e.us / 1000), pct: Math.round((100 * e.us) / Math.max(1, totalUs)) }));
  const tally = (list: typeof samples, buckets: (node: number) => Bucket[], totalUs: number, count: number): ProfileEntry[] => {
    const sums = new Map<string, Bucket & { us: number }>();
    for (const sample of list) {
      if (isIdle(sample.node)) continue;
      for (const b of buckets(sample.node)) {
        const entry = sums.get(b.key) ?? { ...b, us: 0 };
        entry.us += sample.us;
        sums.set(b.key, entry);
      }
    }
    return entries(sums, totalUs, count);
  };

  const inWindow = samples.filter((s) => s.ts >= span.from && s.ts < span.to);
  const busy = inWindow.filter((s) => !isIdle(s.node)).reduce((sum, s) => sum + s.us, 0);
  const longest = [...tasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const inLongest = longest ? samples.filter((s) => s.ts >= longest.ts && s.ts < end(longest)) : [];
  const nested = new Map<string, Bucket & { us: number }>();
  if (longest) {
    for (const e of threadEvents) {
      if (e === longest || e.ts < longest.ts || end(e) > end(longest)) continue;
      const name = e.name === "EventDispatch" && e.args?.data?.type ? `EventDispatch (${e.args.data.type})` : e.name;
      const entry = nested.get(name) ?? { key: name, name, where: "", us: 0 };
      entry.us += e.dur ?? 0;
      nested.set(name, entry);
    }
  }
  const durations = tasks.map((t) => (t.dur ?? 0) / 1000);
  const longestUs = longest?.dur ?? 1;
  const share = (pick: (name: string) => boolean) =>
    Math.round((100 * inLongest.filter((s) => pick(frameOf(s.node).functionName)).reduce((sum, s) => sum + s.us, 0)) / longestUs);
  return {
    windowMs: Math.round((span.to - span.from) / 1000),
    tasksOver50: durations.filter((d) => d > 50).length,
    tasksOver100: durations.filter((d) => d > 100).length,
    longestTaskMs: Math.round(longestUs / 1000),
    top: tally(inWindow, self, busy, 12),
    inclusive: tally(inWindow, stack, busy, 20),
    byScript: tally(inWindow, script, busy, 8),
    longestTask: { events: entries(nested, longestUs, 10), inclusive: tally(inLongest, stack, longestUs, 25), self: tally(inLongest, self, longestUs, 10),
      jsPct: share((name) => !["(idle)", "(program)", "(garbage collector)", "(root)"].includes(name)),
      gcPct: share((name) => name === "(garbage collector)"),
    },
  };
}

/** The window from the first click dispatched on the main thread to the end of the last one (a button's click, then the download link's). */
export function betweenClicks(mainThread: TraceEvent[]): { from: number; to: number } | null {
  const clicks = mainThread.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "click").sort((a, b) => a.ts - b.ts);
  if (clicks.length === 0) return null;
  const last = clicks[clicks.length - 1]!;
  return { from: clicks[0]!.ts, to: last.ts + (last.dur ?? 0) };
}

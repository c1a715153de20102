"use client";
import { Loader2 } from "lucide-react";
import { useEffect, useState } from "react";
import type { Pending } from "@/lib/state/panel-schema";

const LABELS: Record<Pending["status"], string> = {
  uploading: "Uploading references…",
  submitting: "Sending…",
  IN_QUEUE: "In queue",
  IN_PROGRESS: "Generating",
  downloading: "Saving images…",
};

/** Live status of a generation: queue position, elapsed time, the latest log line. */
export function PanelStatus({ pending, showLogs = false }: { pending: Pending; showLogs?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const elapsed = pending.startedAt ? Math.max(0, Math.floor((now - pending.startedAt) / 1000)) : null;
  const label =
    pending.status === "IN_QUEUE" && pending.queuePosition !== null
      ? `In queue · position ${pending.queuePosition + 1}`
      : pending.status === "IN_PROGRESS" && elapsed !== null
        ? `Generating · ${elapsed}s`
        : LABELS[pending.status];
  return (
    <div className="flex min-w-0 flex-col gap-1" role="status" aria-live="polite" data-testid="panel-status" data-status={pending.status}>
      <span className="flex items-center gap-1.5 text-xs font-medium">
        <Loader2 aria-hidden className="size-3.5 animate-spin" /> {label}
      </span>
      {showLogs && pending.logs.length > 0 ? (
        <ol className="max-h-28 overflow-y-auto rounded-md bg-ink/[0.03] p-2 font-mono text-[11px] leading-relaxed text-muted" aria-label="Generation log">
          {pending.logs.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      ) : pending.logs.length > 0 ? (
        <span className="truncate text-[11px] text-muted">{pending.logs.at(-1)}</span>
      ) : null}
    </div>
  );
}

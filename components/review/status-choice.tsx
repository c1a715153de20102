"use client";
import { clsx } from "clsx";
import { Check, PenLine } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { namesSentence, type PanelStatusSummary } from "@/lib/review/review-page-model";
import type { ReviewVerdict } from "@/lib/review/review-types";

const tone: Record<ReviewVerdict, string> = {
  approved: "aria-pressed:bg-emerald-50 aria-pressed:text-emerald-800 aria-pressed:ring-emerald-600/40",
  changes_requested: "aria-pressed:bg-amber-50 aria-pressed:text-amber-900 aria-pressed:ring-amber-600/40",
};

/**
 * Approve or request changes, for one panel or for the whole board: the reviewer's own choice
 * pressed, everyone else's summed up beneath. `onChoose` answers with a refusal's message, or null.
 */
export function StatusChoice({
  label,
  labels,
  summary,
  shownVersion,
  onChoose,
}: {
  /** The group's accessible name, e.g. "Your status for shot 2". */
  label: string;
  labels: Record<ReviewVerdict, string>;
  summary: PanelStatusSummary;
  shownVersion: number;
  onChoose: (status: ReviewVerdict) => Promise<string | null>;
}) {
  const [busy, setBusy] = useState<ReviewVerdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async (status: ReviewVerdict) => {
    if (busy || (summary.mine?.status === status && summary.mine.versionNumber === shownVersion)) return;
    setBusy(status);
    setError(await onChoose(status));
    setBusy(null);
  };
  const named = (list: PanelStatusSummary["approved"]) => list.map((s) => (s.versionNumber === shownVersion ? s.reviewerName : `${s.reviewerName} (on version ${s.versionNumber})`));
  const others = [namesSentence(named(summary.approved), "approved"), namesSentence(named(summary.changesRequested), "asked for changes")].filter(Boolean).join(" · ");
  const mineElsewhere = summary.mine && summary.mine.versionNumber !== shownVersion ? summary.mine.versionNumber : null;

  return (
    <div className="flex flex-col gap-1.5">
      <div role="group" aria-label={label} className="flex flex-wrap gap-2">
        {(["approved", "changes_requested"] as const).map((status) => (
          <Button
            key={status}
            aria-pressed={summary.mine?.status === status}
            aria-busy={busy === status || undefined}
            onClick={() => void choose(status)}
            className={clsx("aria-busy:opacity-60", tone[status])}
          >
            {status === "approved" ? <Check aria-hidden className="size-4" /> : <PenLine aria-hidden className="size-4" />}
            {labels[status]}
          </Button>
        ))}
      </div>
      {mineElsewhere ? <p className="text-xs text-muted">Your choice was given on version {mineElsewhere}; choose again to give it for this one.</p> : null}
      {others ? <p className="text-xs text-muted">{others}</p> : null}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

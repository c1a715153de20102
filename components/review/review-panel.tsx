"use client";
import { MessageSquare } from "lucide-react";
import { useId, useState } from "react";
import type { PanelStatusSummary, ReviewPanelData, Thread } from "@/lib/review/review-page-model";
import type { ReviewVerdict } from "@/lib/review/review-types";
import { CommentThread } from "./comment-thread";
import { PanelPicture } from "./panel-picture";
import { StatusChoice } from "./status-choice";

const PANEL_LABELS: Record<ReviewVerdict, string> = { approved: "Approve", changes_requested: "Request changes" };

/** One shot of the board: its picture and details, the reviewer's status for it and its comments. */
export function ReviewPanel({
  panel,
  threads,
  status,
  shownVersion,
  now,
  onPresent,
  onStatus,
  onComment,
}: {
  panel: ReviewPanelData;
  threads: Thread[];
  status: PanelStatusSummary;
  shownVersion: number;
  now: number;
  onPresent: () => void;
  onStatus: (status: ReviewVerdict) => Promise<string | null>;
  onComment: (body: string) => Promise<string | null>;
}) {
  const [open, setOpen] = useState(false);
  const ids = useId();
  const count = threads.reduce((sum, t) => sum + 1 + t.replies.length, 0);
  const unresolved = threads.filter((t) => t.comment.resolvedAt === null).length;

  return (
    <article aria-labelledby={`${ids}-title`} className="grid gap-4 rounded-xl bg-surface p-3 shadow-sm ring-1 ring-line sm:p-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:gap-6">
      <button type="button" onClick={onPresent} aria-label={`Present from shot ${panel.number}`} className="group block self-start overflow-hidden rounded-lg ring-1 ring-line">
        <PanelPicture panel={panel} eager={panel.number <= 2} className="transition-opacity group-hover:opacity-95" />
      </button>
      <div className="flex min-w-0 flex-col gap-3">
        <header className="flex flex-col gap-1">
          <h2 id={`${ids}-title`} className="text-base font-semibold tracking-tight">
            Shot {panel.number}
          </h2>
          <p className="text-[13px] text-muted">{panel.details}</p>
        </header>
        {panel.caption ? <p className="text-sm leading-relaxed break-words whitespace-pre-wrap">{panel.caption}</p> : null}
        <StatusChoice label={`Your status for shot ${panel.number}`} labels={PANEL_LABELS} summary={status} shownVersion={shownVersion} onChoose={onStatus} />
        <div className="border-t border-line pt-3">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`${ids}-thread`}
            onClick={() => setOpen((o) => !o)}
            className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 -ml-2 text-[13px] font-medium text-ink transition-colors hover:bg-black/5"
          >
            <MessageSquare aria-hidden className="size-4" />
            {count ? `${count} comment${count === 1 ? "" : "s"}` : "Comment"}
            {unresolved && unresolved !== threads.length ? <span className="font-normal text-muted">· {unresolved} open</span> : null}
          </button>
          <div id={`${ids}-thread`} hidden={!open} className="pt-2">
            {/* Kept mounted while closed: a half-written comment survives closing the thread. */}
            <CommentThread threads={threads} now={now} shot={panel.number} onPost={onComment} />
          </div>
        </div>
      </div>
    </article>
  );
}

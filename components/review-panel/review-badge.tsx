"use client";
import { MessageSquare } from "lucide-react";
import { openCommentCounts, useReviewFeed } from "@/lib/review/review-feed";
import { plural } from "./format";

/** On a board card: the reviewers' open comments on this panel in the newest shared version. */
export function ReviewBadge({ panelId }: { panelId: string }) {
  const open = useReviewFeed((s) => openCommentCounts(s).get(panelId) ?? 0);
  if (open === 0) return null;
  const label = plural(open, "open review comment");
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className="flex items-center gap-1 rounded-full bg-accent px-1.5 py-0.5 text-[11px] leading-none font-semibold text-accent-ink"
      data-testid="review-badge"
    >
      <MessageSquare aria-hidden className="size-3" />
      {open}
    </span>
  );
}

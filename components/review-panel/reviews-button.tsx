"use client";
import { MessagesSquare } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { newCommentsTotal, refreshReviews, useReviewFeed, watchReviews } from "@/lib/review/review-feed";
import { useCastboard } from "@/lib/state/store";
import { onDemand } from "@/components/ui/on-demand";
import { plural } from "./format";

// The panel (shares, threads, replies) loads on the first click; the count above needs only the feed.
const ReviewsSheet = onDemand(() => import("./reviews-sheet").then((m) => m.ReviewsSheet));

/**
 * The storyboard toolbar's Reviews button: keeps the project's review feed polling while the app
 * is open, shows how many reviewer comments came since the author last looked, opens the panel.
 */
export function ReviewsButton({ onSelectPanel }: { onSelectPanel: (panelId: string) => void }) {
  const projectId = useCastboard((s) => (s.hydrated ? s.projectId : null));
  const fresh = useReviewFeed((s) => (s.projectId === projectId ? newCommentsTotal(s) : 0));
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  useEffect(() => (projectId ? watchReviews(projectId) : undefined), [projectId]);
  useEffect(() => {
    if (open) refreshReviews();
  }, [open]);
  const label = fresh > 0 ? `Reviews, ${plural(fresh, "new comment")}` : "Reviews";
  return (
    <>
      <Button size="sm" onClick={() => {
          setOpened(true);
          setOpen(true);
        }} aria-label={label} title="Comments and verdicts from review links" disabled={!projectId}>
        <MessagesSquare aria-hidden className="size-4" /> Reviews
        {fresh > 0 ? (
          <span aria-hidden className="-mr-1 rounded-full bg-accent px-1.5 py-0.5 text-[11px] leading-none font-semibold text-accent-ink" data-testid="reviews-new-count">
            {fresh}
          </span>
        ) : null}
      </Button>
      {/* Kept once opened: closing and reopening returns to the same threads. */}
      {opened ? <ReviewsSheet what="the Reviews panel" open={open} onOpenChange={setOpen} onSelectPanel={onSelectPanel} /> : null}
    </>
  );
}

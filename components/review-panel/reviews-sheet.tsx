"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { AlertTriangle, LogIn, MessagesSquare, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";
import { refreshReviews, useReviewFeed } from "@/lib/review/review-feed";
import { ShareCard } from "./share-card";
import { ShareThreads } from "./share-threads";

/** The author's Reviews panel: a sheet at the right edge with every shared board of the project, or one share's threads. */
export function ReviewsSheet({ open, onOpenChange, onSelectPanel }: { open: boolean; onOpenChange: (open: boolean) => void; onSelectPanel: (panelId: string) => void }) {
  const { loaded, shares, problem } = useReviewFeed(useShallow((s) => ({ loaded: s.loaded, shares: s.shares, problem: s.problem })));
  // Kept while the sheet is closed, so choosing a panel and coming back returns to the same threads.
  const [openShareId, setOpenShareId] = useState<string | null>(null);
  const share = shares.find((s) => s.id === openShareId);
  const selectPanel = (panelId: string) => {
    onSelectPanel(panelId);
    onOpenChange(false);
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/20" />
        <Dialog.Content
          className="fixed inset-y-0 right-0 z-50 flex w-full flex-col bg-surface shadow-xl ring-1 ring-line sm:w-[440px]"
          aria-describedby={undefined}
          data-testid="reviews-sheet"
        >
          <DialogTitleBar title="Reviews" closeLabel="Close reviews" className="border-b border-line px-4 py-2.5" />
          <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-4">
            {problem ? <ProblemNote kind={problem.kind} message={problem.message} /> : null}
            {share ? (
              <ShareThreads share={share} onBack={() => setOpenShareId(null)} onSelectPanel={selectPanel} />
            ) : !loaded ? (
              problem ? null : <p className="text-[13px] text-muted">Loading reviews…</p>
            ) : shares.length === 0 ? (
              <EmptyState />
            ) : (
              <ul className="flex flex-col gap-3" aria-label="Shared boards">
                {shares.map((s) => (
                  <li key={s.id}>
                    <ShareCard share={s} onOpen={() => setOpenShareId(s.id)} />
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function EmptyState() {
  return (
    <div className="flex flex-col items-center gap-2 py-12 text-center" data-testid="reviews-empty">
      <MessagesSquare aria-hidden className="size-8 text-muted" />
      <p className="text-sm font-medium">No review links yet</p>
      <p className="max-w-xs text-[13px] leading-relaxed text-muted">Share for review to get a link; comments appear here.</p>
    </div>
  );
}

function ProblemNote({ kind, message }: { kind: "unavailable" | "signed-out" | "failed"; message: string }) {
  return (
    <div role="alert" className="flex items-start gap-2 rounded-lg bg-amber-50 p-3 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="reviews-problem" data-kind={kind}>
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span className="flex flex-col items-start gap-2">
        {message}
        {kind === "signed-out" ? (
          <a href="/sign-in" className="inline-flex h-8 items-center gap-1.5 rounded-md bg-surface px-2.5 font-medium text-ink ring-1 ring-line hover:bg-canvas">
            <LogIn aria-hidden className="size-4" /> Sign in
          </a>
        ) : (
          <Button size="sm" onClick={refreshReviews}>
            <RefreshCw aria-hidden className="size-4" /> Try again now
          </Button>
        )}
      </span>
    </div>
  );
}

"use client";
import { ArrowLeft, ImageOff } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { panelImage } from "@/lib/board/chosen";
import { threadsByPanel, type PanelThreads } from "@/lib/review/review-feed-model";
import { markShareLooked, useReviewFeed } from "@/lib/review/review-feed";
import type { ShareSummary } from "@/lib/review/review-types";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import { formatDay } from "./format";
import { ReplyNameField } from "./reply-name-field";
import { ThreadItem } from "./thread-item";

/** One share's comments, grouped by the board panel they are about. */
export function ShareThreads({ share, onBack, onSelectPanel }: { share: ShareSummary; onBack: () => void; onSelectPanel: (panelId: string) => void }) {
  const detail = useReviewFeed((s) => s.details[share.id]);
  const look = useReviewFeed((s) => s.looks[share.id]);
  // What counted as new when the threads opened stays marked while they are read.
  const [seenBefore] = useState(look);
  const panels = useCastboard(useShallow((s) => s.panels));
  const groups = useMemo(() => threadsByPanel(detail?.comments ?? [], panels.map((p) => p.id)), [detail, panels]);
  // Seen once shown, including comments that arrive while the threads are open.
  useEffect(() => {
    if (detail) void markShareLooked(share.id);
  }, [detail, share.id]);

  return (
    <section className="flex flex-col gap-3" aria-label="Review comments">
      <div className="flex items-center gap-2">
        <Button size="sm" variant="ghost" onClick={onBack} className="-ml-2">
          <ArrowLeft aria-hidden className="size-4" /> All shared boards
        </Button>
      </div>
      <h3 className="text-sm font-semibold">
        {share.projectName || "Untitled board"} <span className="font-normal text-muted">· shared {formatDay(share.createdAt)}</span>
      </h3>
      <ReplyNameField />
      {!detail ? (
        <p className="text-[13px] text-muted">Loading comments…</p>
      ) : groups.length === 0 ? (
        <p className="rounded-lg bg-canvas p-3 text-[13px] text-muted ring-1 ring-line">No comments yet. Reviewers&apos; comments appear here within a few seconds.</p>
      ) : (
        groups.map((group) => (
          <PanelGroup key={group.panelId} group={group} panel={panels.find((p) => p.id === group.panelId)} shareId={share.id} seenBefore={seenBefore} onSelectPanel={onSelectPanel} />
        ))
      )}
    </section>
  );
}

function PanelGroup({ group, panel, shareId, seenBefore, onSelectPanel }: { group: PanelThreads; panel: Panel | undefined; shareId: string; seenBefore: string | undefined; onSelectPanel: (panelId: string) => void }) {
  const shown = panel ? panelImage(panel) : null;
  const url = useBlobUrl(shown?.thumbnail?.blobId ?? shown?.image.blobId);
  const heading = group.number ? `Shot ${group.number}` : "Removed from the board";
  const thumb = (
    <span className="grid h-9 w-16 shrink-0 place-items-center overflow-hidden rounded bg-canvas ring-1 ring-line">
      {/* eslint-disable-next-line @next/next/no-img-element -- local object URL */}
      {url ? <img src={url} alt="" className="size-full object-cover" /> : <ImageOff aria-hidden className="size-4 text-muted" />}
    </span>
  );
  const open = <span className="ml-auto text-xs text-muted">{group.open > 0 ? `${group.open} open` : "All resolved"}</span>;
  return (
    <section className="flex flex-col gap-2 rounded-xl bg-surface p-2.5 ring-1 ring-line" aria-label={heading} data-testid="review-panel-group" data-panel-id={group.panelId}>
      {group.number ? (
        <button type="button" onClick={() => onSelectPanel(group.panelId)} className="flex items-center gap-2.5 rounded-md p-0.5 text-left hover:bg-canvas" aria-label={`Show shot ${group.number} on the board`}>
          {thumb}
          <span className="text-[13px] font-semibold">{heading}</span>
          {open}
        </button>
      ) : (
        <div className="flex items-center gap-2.5 p-0.5">
          {thumb}
          <span className="text-[13px] font-semibold text-muted">{heading}</span>
          {open}
        </div>
      )}
      <ul className="flex flex-col gap-2">
        {group.threads.map((thread) => (
          <li key={thread.comment.id}>
            <ThreadItem shareId={shareId} thread={thread} isNew={!seenBefore || Date.parse(thread.comment.createdAt) > Date.parse(seenBefore)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

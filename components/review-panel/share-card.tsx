"use client";
import { clsx } from "clsx";
import { Check, Copy, MessageSquare, Trash2 } from "lucide-react";
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { isLive, statusesByPanel, verdictLabel } from "@/lib/review/review-feed-model";
import { newCommentsOf, revoke, useReviewFeed } from "@/lib/review/review-feed";
import type { ShareSummary } from "@/lib/review/review-types";
import { useCastboard } from "@/lib/state/store";
import { formatDay, plural } from "./format";

const VERDICT_TONE = { approved: "bg-emerald-50 text-emerald-800 ring-emerald-200", changes_requested: "bg-amber-50 text-amber-900 ring-amber-200" } as const;

/** One shared board in the list: versions, new comments, verdicts, panel statuses, its link and Revoke. */
export function ShareCard({ share, onOpen }: { share: ShareSummary; onOpen: () => void }) {
  const { fresh, link, comments } = useReviewFeed(
    useShallow((s) => ({ fresh: newCommentsOf(s, share.id), link: s.links[share.id], comments: s.details[share.id]?.comments.filter((c) => !c.fromAuthor).length ?? 0 })),
  );
  const boardIds = useCastboard(useShallow((s) => s.panels.map((p) => p.id)));
  const live = isLive(share);
  const state = share.revokedAt ? `Revoked ${formatDay(share.revokedAt)}` : !live ? `Expired ${formatDay(share.expiresAt!)}` : share.expiresAt ? `Open until ${formatDay(share.expiresAt)}` : "Open until revoked";
  const statuses = statusesByPanel(share, boardIds);
  return (
    <article className={clsx("flex flex-col gap-3 rounded-xl p-3 ring-1 ring-line", live ? "bg-surface" : "bg-canvas/60")} aria-label={`Shared ${formatDay(share.createdAt)}`} data-testid="share-card">
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="truncate text-sm font-semibold">{share.projectName || "Untitled board"}</h3>
          <p className="text-xs text-muted">
            Shared {formatDay(share.createdAt)} · {state}
          </p>
        </div>
        {fresh > 0 ? (
          <span className="shrink-0 rounded-full bg-accent px-2 py-0.5 text-[11px] font-semibold text-accent-ink" data-testid="share-new-count">
            {fresh} new
          </span>
        ) : null}
      </header>

      <ol aria-label="Versions" className="flex flex-wrap gap-1.5">
        {share.versions.map((v) => (
          <li key={v.number} className="rounded-md bg-canvas px-2 py-1 text-xs ring-1 ring-line">
            <span className="font-semibold">v{v.number}</span> <span className="text-muted">· {formatDay(v.createdAt)} · {plural(v.panels, "panel")}</span>
          </li>
        ))}
        {share.versions.length === 0 ? <li className="text-xs text-muted">Nothing published yet</li> : null}
      </ol>

      {share.verdicts.length > 0 ? (
        <ul aria-label="Verdicts" className="flex flex-wrap gap-1.5">
          {share.verdicts.map((v) => (
            <li key={v.reviewerName} className={clsx("rounded-full px-2 py-0.5 text-xs ring-1", VERDICT_TONE[v.verdict])}>
              <span className="font-medium">{v.reviewerName}</span>: {verdictLabel(v.verdict)} <span className="opacity-70">(v{v.versionNumber})</span>
            </li>
          ))}
        </ul>
      ) : null}

      {statuses.length > 0 ? (
        <table className="w-full text-xs" aria-label="Panel statuses">
          <thead className="sr-only">
            <tr>
              <th>Panel</th>
              <th>Statuses</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((p) => (
              <tr key={p.panelId} className="border-t border-line first:border-t-0">
                <th scope="row" className="py-1 pr-3 text-left align-top font-medium whitespace-nowrap">
                  {p.number ? `Shot ${p.number}` : "Removed"}
                </th>
                <td className="py-1">
                  <div className="flex flex-wrap gap-x-3">
                  {p.approved.length > 0 ? <span className="text-emerald-800">✓ {p.approved.length} approved ({p.approved.join(", ")})</span> : null}
                  {p.changesRequested.length > 0 ? <span className="text-amber-900">✗ {p.changesRequested.length} requested changes ({p.changesRequested.join(", ")})</span> : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {live ? <LinkRow url={link?.url} /> : null}

      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" variant="primary" onClick={onOpen}>
          <MessageSquare aria-hidden className="size-4" /> {comments > 0 ? `Open ${plural(comments, "comment")}` : "Open comments"}
        </Button>
        {share.revokedAt === null ? <RevokeControl shareId={share.id} /> : null}
      </div>
    </article>
  );
}

function LinkRow({ url }: { url: string | undefined }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  if (!url) return <p className="text-xs text-muted">Link held by whoever shared it.</p>;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <input readOnly value={url} aria-label="Review link" onFocus={(e) => e.target.select()} className="h-8 min-w-0 flex-1 rounded-md border border-line bg-canvas px-2 text-xs" />
        <Button size="sm" onClick={() => void copy()}>
          {copied === "yes" ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />} {copied === "yes" ? "Copied" : "Copy"}
        </Button>
      </div>
      {copied === "failed" ? <p className="text-xs text-red-700">This browser did not allow copying: select the link and copy it yourself.</p> : null}
    </div>
  );
}

function RevokeControl({ shareId }: { shareId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await revoke(shareId);
      setConfirming(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (!confirming) {
    return (
      <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
        <Trash2 aria-hidden className="size-4" /> Revoke
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Confirm revoking" className="flex w-full flex-col gap-2 rounded-lg bg-red-50 p-2.5 text-xs text-red-900 ring-1 ring-red-200">
      <p>Revoke this link? Reviewers will no longer open it; their comments stay here.</p>
      <div className="flex gap-2">
        <Button size="sm" variant="danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? "Revoking…" : "Revoke link"}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setConfirming(false)} disabled={busy}>
          Keep it
        </Button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}

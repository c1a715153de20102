"use client";
import { clsx } from "clsx";
import { CheckCircle2, CornerDownRight, Reply, RotateCcw } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ReviewThread } from "@/lib/review/review-feed-model";
import { replyInThread, setResolved } from "@/lib/review/review-feed";
import type { ReviewComment } from "@/lib/review/review-types";
import { formatWhen } from "./format";
import { useReplyName } from "./reply-name";

/** A reviewer's comment with the author's replies, a reply box and Resolve / Reopen. */
export function ThreadItem({ shareId, thread, isNew }: { shareId: string; thread: ReviewThread; isNew: boolean }) {
  const [name] = useReplyName();
  const [replying, setReplying] = useState(false);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState<"reply" | "resolve" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const replyId = useId();
  const resolved = thread.comment.resolvedAt !== null;
  const run = async (what: "reply" | "resolve", work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const reply = () =>
    run("reply", async () => {
      await replyInThread(shareId, thread.comment.id, { name, body: draft.trim() });
      setDraft("");
      setReplying(false);
    });
  return (
    <article className={clsx("flex flex-col gap-2 rounded-lg p-2.5 ring-1", resolved ? "bg-canvas/60 ring-line" : "bg-surface ring-line")} data-testid="review-thread" data-resolved={resolved}>
      <CommentBody comment={thread.comment} isNew={isNew && !resolved} />
      {thread.replies.map((r) => (
        <div key={r.id} className="ml-3 flex gap-1.5 border-l-2 border-line pl-2.5">
          <CornerDownRight aria-hidden className="mt-0.5 size-3.5 shrink-0 text-muted" />
          <CommentBody comment={r} />
        </div>
      ))}
      {!resolved && replying ? (
        <form
          className="flex flex-col gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            if (name && draft.trim()) void reply();
          }}
        >
          <label htmlFor={replyId} className="sr-only">
            Reply to {thread.comment.authorName}
          </label>
          <textarea
            id={replyId}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            rows={2}
            maxLength={2000}
            autoFocus
            placeholder={name ? "Reply…" : "Give your name above to reply"}
            disabled={!name}
            className="w-full resize-y rounded-md border border-line bg-surface px-2 py-1.5 text-[13px] disabled:bg-canvas"
          />
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="primary" type="submit" disabled={!name || !draft.trim() || busy !== null}>
              {busy === "reply" ? "Sending…" : "Send reply"}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => (setReplying(false), setDraft(""))} disabled={busy !== null}>
              Cancel
            </Button>
          </div>
        </form>
      ) : !resolved ? (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setReplying(true)}>
            <Reply aria-hidden className="size-4" /> Reply
          </Button>
          <Button size="sm" variant="ghost" onClick={() => void run("resolve", () => setResolved(shareId, thread.comment.id, true))} disabled={busy !== null}>
            <CheckCircle2 aria-hidden className="size-4" /> {busy === "resolve" ? "Resolving…" : "Resolve"}
          </Button>
        </div>
      ) : (
        <div className="flex items-center gap-2 text-xs text-muted">
          <CheckCircle2 aria-hidden className="size-4 text-emerald-700" /> Resolved {formatWhen(thread.comment.resolvedAt!)}
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => void run("resolve", () => setResolved(shareId, thread.comment.id, false))} disabled={busy !== null}>
            <RotateCcw aria-hidden className="size-4" /> {busy === "resolve" ? "Reopening…" : "Reopen"}
          </Button>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </article>
  );
}

function CommentBody({ comment, isNew = false }: { comment: ReviewComment; isNew?: boolean }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <p className="flex flex-wrap items-baseline gap-x-1.5 text-xs">
        <span className="font-semibold">{comment.authorName}</span>
        {comment.fromAuthor ? <span className="rounded bg-ink px-1 text-[10px] font-semibold text-white">Author</span> : null}
        <span className="text-muted">
          {formatWhen(comment.createdAt)} · v{comment.versionNumber}
        </span>
        {isNew ? <span className="rounded bg-accent px-1 text-[10px] font-semibold text-accent-ink">New</span> : null}
      </p>
      <p className="text-[13px] leading-snug break-words whitespace-pre-wrap">{comment.body}</p>
    </div>
  );
}

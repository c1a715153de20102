"use client";
import { clsx } from "clsx";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { commentCounter, relativeTime, type Thread } from "@/lib/review/review-page-model";
import type { ReviewComment } from "@/lib/review/review-types";

function CommentBody({ comment, now }: { comment: ReviewComment; now: number }) {
  const resolved = comment.resolvedAt !== null;
  return (
    <div className={clsx("flex flex-col gap-1", resolved && "opacity-70")}>
      <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-[13px]">
        <span className="font-semibold text-ink">{comment.authorName}</span>
        {comment.fromAuthor ? <span className="rounded bg-ink px-1.5 py-px text-[11px] font-medium text-white">Author</span> : null}
        <time dateTime={comment.createdAt} title={new Date(comment.createdAt).toUTCString()} className="text-muted">
          {relativeTime(comment.createdAt, now)}
        </time>
        {resolved ? <span className="rounded bg-emerald-50 px-1.5 py-px text-[11px] font-medium text-emerald-800 ring-1 ring-emerald-600/30">Resolved</span> : null}
      </p>
      {/* Plain text, always: React writes it as text, never as markup. */}
      <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-ink" data-testid="comment-body">
        {comment.body}
      </p>
    </div>
  );
}

/**
 * One panel's comments, each with the author's replies under it, and a box to write a new one.
 * `onPost` answers with a refusal's message (the text then stays in the box), or null once posted.
 */
export function CommentThread({ threads, now, shot, onPost }: { threads: Thread[]; now: number; shot: number; onPost: (body: string) => Promise<string | null> }) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const ids = useId();
  const counter = commentCounter(draft.length);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (posting) return;
    if (!draft.trim()) {
      setError("Write something first: what you would change or keep.");
      return;
    }
    setPosting(true);
    const refusal = await onPost(draft);
    setPosting(false);
    setError(refusal);
    if (!refusal) setDraft("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) void submit();
  };

  return (
    <div className="flex flex-col gap-3">
      {threads.length ? (
        <ol className="flex flex-col gap-3" aria-label={`Comments on shot ${shot}`}>
          {threads.map(({ comment, replies }) => (
            <li key={comment.id} className="flex flex-col gap-2" data-testid="comment">
              <CommentBody comment={comment} now={now} />
              {replies.length ? (
                <ol className="ml-1 flex flex-col gap-2 border-l-2 border-line pl-3" aria-label={`Replies to ${comment.authorName}`}>
                  {replies.map((reply) => (
                    <li key={reply.id} data-testid="reply">
                      <CommentBody comment={reply} now={now} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-muted">No comments on this shot yet.</p>
      )}
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-2">
        <label htmlFor={`${ids}-body`} className="sr-only">
          Comment on shot {shot}
        </label>
        <textarea
          id={`${ids}-body`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          rows={3}
          placeholder="What works, what would you change?"
          aria-invalid={error || counter?.over ? true : undefined}
          aria-describedby={`${ids}-help`}
          className="w-full resize-y rounded-md bg-surface px-3 py-2 text-sm text-ink ring-1 ring-line placeholder:text-muted/80 focus:ring-2 focus:ring-accent/40 focus:outline-none"
        />
        <div id={`${ids}-help`} className="flex flex-wrap items-center justify-between gap-2">
          <p aria-live="polite" className={clsx("text-xs", counter?.over ? "font-medium text-red-700" : "text-muted")}>
            {counter?.text ?? "Plain text. Ctrl+Enter posts."}
          </p>
          <Button type="submit" variant="primary" size="sm" disabled={posting}>
            {posting ? "Posting…" : "Post comment"}
          </Button>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </form>
    </div>
  );
}

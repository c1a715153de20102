"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { getReviewActivity, ReviewRequestError } from "@/lib/review/review-client";
import type { ReviewActivity } from "@/lib/review/review-types";

const POLL_MS = 5000;

/**
 * Comments, statuses and verdicts of one version, kept fresh by asking again every 5 s while the
 * tab is visible (and at once when it comes back). `change` applies the reviewer's own edits; an
 * answer to a poll that started before such an edit is dropped, so it never undoes it.
 */
export function useReviewActivity(token: string, version: number, initial: ReviewActivity, initialEtag: string, renderedAt: number) {
  const [activity, setActivity] = useState(initial);
  const etag = useRef<string | null>(initialEtag);
  const [now, setNow] = useState(renderedAt);
  const [problem, setProblem] = useState<string | null>(null);
  const edits = useRef(0);

  const change = useCallback((update: (current: ReviewActivity) => ReviewActivity) => {
    edits.current += 1;
    setActivity(update);
  }, []);

  useEffect(() => {
    let inFlight = false;
    let live = true;
    const poll = async () => {
      if (inFlight || document.visibilityState !== "visible") return;
      inFlight = true;
      const started = edits.current;
      try {
        const answer = await getReviewActivity(token, version, etag.current);
        if (!live) return;
        setNow(Date.now());
        setProblem(null);
        // An answer from before the reviewer's own edit would undo it: drop it, and its ETag, so the next poll reads again.
        if (answer && started === edits.current) {
          etag.current = answer.etag;
          setActivity(answer.activity);
        } else if (started !== edits.current) etag.current = null;
      } catch (error) {
        if (!live) return;
        setProblem(
          error instanceof ReviewRequestError && error.status === 404
            ? "This link no longer opens the board: it was revoked or has expired. What is on screen stays readable; ask the author for a new link."
            : "New comments cannot be fetched right now. This page keeps trying.",
        );
      } finally {
        inFlight = false;
      }
    };
    const timer = setInterval(() => void poll(), POLL_MS);
    const onVisible = () => void poll();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [token, version]);

  return { activity, change, now, problem };
}

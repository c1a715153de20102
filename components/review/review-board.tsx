"use client";
import { Play, UserRound } from "lucide-react";
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { postComment, ReviewRequestError, setPanelStatus, setVerdict } from "@/lib/review/review-client";
import { panelStatusSummary, threadsByPanel, withStatus, type ReviewPanelData } from "@/lib/review/review-page-model";
import type { ReviewActivity, ReviewVerdict } from "@/lib/review/review-types";
import { NameDialog } from "./name-dialog";
import { PresentationDialog } from "./presentation-dialog";
import { ReviewPanel } from "./review-panel";
import { StatusChoice } from "./status-choice";
import { useReviewActivity } from "./use-review-activity";
import { useReviewerName } from "./use-reviewer-name";
import { VersionPicker } from "./version-picker";

/**
 * Shots the server renders: the first screen and a little more. The rest render in the browser
 * once it has the page, from the same props: a 60-shot board's full markup is about 290 KB and
 * 30 ms of server time a view, which is what held 200 arriving reviewers back.
 */
const SERVER_RENDERED_SHOTS = 4;

const VERDICT_LABELS: Record<ReviewVerdict, string> = { approved: "Approve the board", changes_requested: "Request changes" };

/**
 * The review page's one client root: the published board with each shot's status and comments,
 * the overall verdict, and presentation mode. The board arrives from the server; only the
 * comments, statuses and verdicts change here (the reviewer's own, and others' by polling).
 */
export function ReviewBoard({
  token,
  title,
  version,
  panels,
  initial,
  activityEtag,
  renderedAt,
  notice,
}: {
  token: string;
  title: string;
  version: number;
  panels: ReviewPanelData[];
  initial: ReviewActivity;
  activityEtag: string;
  renderedAt: number;
  notice: string | null;
}) {
  const { activity, change, now, problem } = useReviewActivity(token, version, initial, activityEtag, renderedAt);
  const [name, setName] = useReviewerName();
  const [presenting, setPresenting] = useState<number | null>(null);
  const [asking, setAsking] = useState(false);
  const answerName = useRef<((name: string | null) => void) | null>(null);
  const threads = useMemo(() => threadsByPanel(activity.comments), [activity.comments]);
  const newest = activity.versions.at(-1)?.number ?? version;
  const [rendered, setRendered] = useState(Math.min(panels.length, SERVER_RENDERED_SHOTS));
  useEffect(() => startTransition(() => setRendered(panels.length)), [panels.length]);

  /** The reviewer's name, asked for first if this browser has none yet; null if they cancel. */
  const reviewer = useCallback(
    (ask = false): Promise<string | null> => {
      if (name && !ask) return Promise.resolve(name);
      answerName.current?.(null);
      setAsking(true);
      return new Promise((resolve) => (answerName.current = resolve));
    },
    [name],
  );
  const nameGiven = (given: string | null) => {
    if (given) setName(given);
    setAsking(false);
    answerName.current?.(given);
    answerName.current = null;
  };

  /** Sends one of the reviewer's changes under their name: null once done, else what to tell them. */
  const send = async (work: (who: string) => Promise<void>, withoutName: string | null = null): Promise<string | null> => {
    const who = await reviewer();
    if (!who) return withoutName;
    try {
      await work(who);
      return null;
    } catch (error) {
      return error instanceof ReviewRequestError ? error.message : "Something went wrong. Try again.";
    }
  };
  const comment = (panelId: string, body: string) =>
    send(async (who) => {
      const posted = await postComment(token, { version, panelId, name: who, body });
      change((current) => ({ ...current, comments: [...current.comments, posted] }));
    }, "Give your name to post: the author sees it beside your comment.");
  const status = (panelId: string, choice: ReviewVerdict) =>
    send(async (who) => {
      await setPanelStatus(token, { version, panelId, name: who, status: choice });
      const given = { panelId, reviewerName: who, status: choice, versionNumber: version, updatedAt: new Date().toISOString() };
      change((current) => ({ ...current, statuses: withStatus(current.statuses, given) }));
    });
  const verdict = (choice: ReviewVerdict) =>
    send(async (who) => {
      await setVerdict(token, { version, name: who, verdict: choice });
      const given = { reviewerName: who, verdict: choice, versionNumber: version, updatedAt: new Date().toISOString() };
      change((current) => ({ ...current, verdicts: [...current.verdicts.filter((v) => v.reviewerName !== who), given] }));
    });
  // Verdicts have the shape of a panel's statuses: one summary for both.
  const verdictSummary = panelStatusSummary(
    activity.verdicts.map((v) => ({ panelId: "", reviewerName: v.reviewerName, status: v.verdict, versionNumber: v.versionNumber, updatedAt: v.updatedAt })),
    "",
    name,
  );

  return (
    <div data-review-page="board" data-activity-etag={activityEtag} className="mx-auto flex w-full max-w-6xl flex-col gap-5 px-3 pt-4 pb-16 sm:px-6 sm:pt-8">
      <header className="flex flex-col gap-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 flex-col gap-1">
            <p className="text-xs font-medium tracking-wide text-muted uppercase">Storyboard review</p>
            <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
            <p className="text-sm text-muted">
              {panels.length} shot{panels.length === 1 ? "" : "s"} · version {version}
              {version === newest ? "" : ` of ${newest}`}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {activity.versions.length > 1 ? <VersionPicker versions={activity.versions} shown={version} /> : null}
            <Button variant="primary" onClick={() => setPresenting(0)} disabled={!panels.length}>
              <Play aria-hidden className="size-4" />
              Present
            </Button>
          </div>
        </div>
        <div className="flex items-center gap-2 text-sm text-muted">
          <UserRound aria-hidden className="size-4 shrink-0" />
          <p className="min-w-0 truncate">
            {name ? (
              <>
                Reviewing as <span className="font-medium text-ink" data-testid="reviewer-name">{name}</span>
              </>
            ) : (
              "You will be asked for your name once."
            )}
          </p>
          <Button variant="ghost" size="sm" onClick={() => void reviewer(true)}>
            {name ? "Change name" : "Give your name"}
          </Button>
        </div>
        {notice ? <p className="rounded-lg bg-surface px-3 py-2 text-sm ring-1 ring-line">{notice}</p> : null}
        {version !== newest ? (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-600/20" data-testid="older-version">
            You are looking at version {version}; version {newest} is newer. Comments and approvals you give here go to version {version}.{" "}
            <a href={`/review/${encodeURIComponent(token)}`} className="font-medium underline underline-offset-4">
              See version {newest}
            </a>
          </p>
        ) : null}
        {problem ? (
          <p role="status" className="rounded-lg bg-surface px-3 py-2 text-sm text-muted ring-1 ring-line">
            {problem}
          </p>
        ) : null}
      </header>

      {panels.length ? (
        <ol className="flex flex-col gap-4" aria-label="Shots">
          {panels.slice(0, rendered).map((panel, i) => (
            <li key={panel.id}>
              <ReviewPanel
                panel={panel}
                threads={threads.get(panel.id) ?? []}
                status={panelStatusSummary(activity.statuses, panel.id, name)}
                shownVersion={version}
                now={now}
                onPresent={() => setPresenting(i)}
                onStatus={(choice) => status(panel.id, choice)}
                onComment={(body) => comment(panel.id, body)}
              />
            </li>
          ))}
        </ol>
      ) : (
        <p className="rounded-xl bg-surface p-6 text-sm text-muted ring-1 ring-line">This version of the board has no shots.</p>
      )}

      <section aria-labelledby="verdict-title" className="flex flex-col gap-3 rounded-xl bg-surface p-4 shadow-sm ring-1 ring-line sm:p-5">
        <div className="flex flex-col gap-1">
          <h2 id="verdict-title" className="text-base font-semibold">
            Your verdict on the board
          </h2>
          <p className="text-sm text-muted">For version {version} as a whole, once you have looked through the shots.</p>
        </div>
        <StatusChoice label="Your verdict on the board" labels={VERDICT_LABELS} summary={verdictSummary} shownVersion={version} onChoose={verdict} />
      </section>

      {presenting !== null ? <PresentationDialog panels={panels} startIndex={presenting} onClose={() => setPresenting(null)} /> : null}
      {asking ? <NameDialog current={name} onDone={nameGiven} /> : null}
    </div>
  );
}

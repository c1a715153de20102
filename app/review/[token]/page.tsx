import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReviewBoard } from "@/components/review/review-board";
import { ReviewMessage } from "@/components/review/review-message";
import { loadReviewPage } from "@/lib/review/review-page-load";
import { reviewPanels } from "@/lib/review/review-page-panels";

export const dynamic = "force-dynamic";

// The token is the whole key to the board: keep it out of search engines and other sites' logs.
export const metadata: Metadata = { title: "Storyboard review — Castboard", robots: { index: false, follow: false }, referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }>; searchParams: Promise<{ version?: string | string[] }> };

/** A review link's board, for a guest: no account and no access token, only the link. */
export default async function ReviewPage({ params, searchParams }: Props) {
  const [{ token }, { version }] = await Promise.all([params, searchParams]);
  const loaded = await loadReviewPage(token, Array.isArray(version) ? version[0] : version);
  if (loaded.kind === "not_found") notFound();
  if (loaded.kind === "unavailable") {
    return (
      <ReviewMessage title="Reviews are unavailable right now">
        <p>Nothing is lost: the server cannot reach its reviews at the moment. Try again in a minute.</p>
        <p>
          <a href="" className="font-medium text-ink underline underline-offset-4">
            Try again
          </a>
        </p>
      </ReviewMessage>
    );
  }
  const { view, notice, readAt } = loaded;
  const { comments, statuses, verdicts, versions, activityEtag } = view;
  return (
    <main>
      <ReviewBoard
        key={view.version.number}
        token={token}
        title={view.title}
        version={view.version.number}
        panels={reviewPanels(token, view.version.snapshot)}
        initial={{ comments, statuses, verdicts, versions }}
        activityEtag={activityEtag}
        renderedAt={readAt}
        notice={notice}
      />
    </main>
  );
}

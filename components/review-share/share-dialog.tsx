"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { Loader2, RotateCw, Send } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";
import { refreshReviews } from "@/lib/review/review-feed";
import { publishBoard, PublishCancelled, PublishError, type Published, type PublishProgress } from "@/lib/review/publish";
import { lastShareTarget, type ShareTarget } from "@/lib/review/publish-target";
import { ShareResult } from "./share-result";

const SELECT = "h-9 rounded-md border border-line bg-surface px-2 text-sm";
const EXPIRY_CHOICES = [
  { days: null, label: "Never" },
  { days: 7, label: "In 7 days" },
  { days: 30, label: "In 30 days" },
] as const;

function progressText(p: PublishProgress): string {
  switch (p.step) {
    case "preparing":
      return p.total > 0 ? `Preparing images: ${p.done} of ${p.total}` : "Preparing the board…";
    case "linking":
      return "Making the link…";
    case "uploading":
      return p.total > 0 ? `Uploading images: ${p.done} of ${p.total}` : "Every image is already there";
    case "publishing":
      return "Publishing…";
    case "waiting":
      return p.message;
  }
}

/** "Share for review": publishes the board as a new version of its review link (or a new link) and shows the link. */
export function ShareDialog({ projectId, projectName, panelCount, onClose }: { projectId: string; projectName: string; panelCount: number; onClose: () => void }) {
  // undefined while the saved link is being looked up.
  const [target, setTarget] = useState<ShareTarget | null | undefined>(undefined);
  const [sameLink, setSameLink] = useState(true);
  const [expiresInDays, setExpiresInDays] = useState<number | null>(null);
  const [progress, setProgress] = useState<PublishProgress | null>(null);
  const [published, setPublished] = useState<Published | null>(null);
  const [error, setError] = useState<PublishError | null>(null);
  const abort = useRef<AbortController | null>(null);
  const busy = progress !== null;

  useEffect(() => {
    let live = true;
    lastShareTarget(projectId).then(
      (found) => live && setTarget(found),
      () => live && setTarget(null),
    );
    return () => {
      live = false;
    };
  }, [projectId]);

  const publish = async (shareId: string | undefined) => {
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setPublished(null);
    setProgress({ step: "preparing", done: 0, total: 0 });
    try {
      const result = await publishBoard({ projectId, projectName, shareId, expiresInDays }, setProgress, controller.signal);
      setPublished(result);
      // The Reviews panel shows the new link or version now rather than at its next tick.
      refreshReviews();
      // The next publish from here goes to this link.
      setTarget((before) => ({ link: { shareId: result.shareId, url: result.url ?? "", createdAt: before?.link.createdAt ?? new Date().toISOString() }, nextVersion: result.number + 1 }));
      setSameLink(true);
    } catch (e) {
      if (e instanceof PublishCancelled) return;
      setError(e instanceof PublishError ? e : new PublishError(e instanceof Error ? e.message : String(e), false));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };
  const toSameLink = sameLink && !!target;
  const empty = panelCount === 0;

  return (
    <Dialog.Root open onOpenChange={(open) => !open && !busy && onClose()}>
      <DialogPanel className="grid max-h-[90dvh] w-[min(94vw,480px)] grid-cols-[minmax(0,1fr)] gap-4 overflow-y-auto p-5" data-testid="share-dialog">
        <DialogTitleBar title="Share for review" closeLabel="Close sharing" closeDisabled={busy} />
        <Dialog.Description className="text-[13px] text-muted">
          Reviewers see the panels, captions and dialogue as a read-only copy and can comment. Prompts, takes and notes stay here.
        </Dialog.Description>

        {target === undefined ? (
          <p className="text-[13px] text-muted">Looking for this board&apos;s link…</p>
        ) : target ? (
          <div role="radiogroup" aria-label="Where to publish" className="grid gap-1.5">
            <Choice checked={sameLink} disabled={busy} onChange={() => setSameLink(true)} label={target.nextVersion ? `Publish version ${target.nextVersion} to the same link` : "Publish the next version to the same link"}>
              <span className="truncate text-xs text-muted">{target.link.url}</span>
            </Choice>
            <Choice checked={!sameLink} disabled={busy} onChange={() => setSameLink(false)} label="New link">
              <span className="text-xs text-muted">Version 1 at an address of its own; the old link keeps its versions.</span>
            </Choice>
          </div>
        ) : null}

        {target !== undefined && !toSameLink ? (
          <label className="grid gap-1 text-[13px] font-medium">
            Link expires
            <select className={SELECT} value={expiresInDays ?? ""} disabled={busy} onChange={(e) => setExpiresInDays(e.target.value ? Number(e.target.value) : null)}>
              {EXPIRY_CHOICES.map(({ days, label }) => (
                <option key={label} value={days ?? ""}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ) : null}

        {busy ? (
          <div role="status" className="flex items-center gap-3 text-xs" data-testid="share-progress">
            <Loader2 aria-hidden className="size-4 shrink-0 animate-spin" />
            {progress.step === "preparing" || progress.step === "uploading" ? <progress className="h-1.5 w-24 accent-ink" max={Math.max(1, progress.total)} value={progress.done} /> : null}
            <span className={clsx(progress.step === "waiting" && "text-amber-900")}>{progressText(progress)}</span>
          </div>
        ) : null}

        {error ? (
          <div role="alert" className="grid gap-2 rounded-lg bg-red-50 p-3 text-[13px] text-red-900 ring-1 ring-red-200" data-testid="share-error">
            {error.signInNeeded ? <p className="font-medium">Sign in to share.</p> : null}
            <p>{error.message}</p>
            {error.signInNeeded ? (
              <a href="/sign-in" className="font-medium underline">
                Sign in
              </a>
            ) : null}
            {error.retryable ? (
              <Button size="sm" className="justify-self-start" onClick={() => void publish(error.shareId ?? (toSameLink ? target.link.shareId : undefined))}>
                <RotateCw aria-hidden className="size-4" /> Retry
              </Button>
            ) : null}
          </div>
        ) : null}

        {published && !busy ? <ShareResult published={published} /> : null}

        {empty ? (
          <p className="text-[13px] text-muted" data-testid="share-empty">
            The board is empty: add a panel to have something to share.
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          {busy ? (
            <Button onClick={() => abort.current?.abort()}>Cancel</Button>
          ) : (
            <Button variant="primary" disabled={empty || target === undefined} onClick={() => void publish(toSameLink ? target.link.shareId : undefined)}>
              <Send aria-hidden className="size-4" /> {published ? "Publish again" : "Publish"}
            </Button>
          )}
        </div>
      </DialogPanel>
    </Dialog.Root>
  );
}

function Choice({ checked, disabled, onChange, label, children }: { checked: boolean; disabled: boolean; onChange: () => void; label: string; children: React.ReactNode }) {
  return (
    <label className={clsx("flex cursor-pointer items-start gap-3 rounded-lg p-2.5 ring-1", checked ? "bg-canvas ring-ink" : "ring-line hover:bg-canvas/60", "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent")}>
      <input type="radio" name="share-target" checked={checked} disabled={disabled} onChange={onChange} className="mt-0.5 size-4 accent-ink" />
      <span className="grid min-w-0 gap-0.5">
        <span className="text-[13px] font-medium">{label}</span>
        {children}
      </span>
    </label>
  );
}

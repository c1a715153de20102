"use client";
import { Check, Copy, ExternalLink } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Published } from "@/lib/review/publish";

/** The published version and its link, to copy or open. */
export function ShareResult({ published }: { published: Published }) {
  const [copied, setCopied] = useState(false);
  const copy = async (input: HTMLInputElement | null) => {
    if (!published.url) return;
    try {
      await navigator.clipboard.writeText(published.url);
      setCopied(true);
    } catch {
      // Without clipboard access (an insecure page, a denied permission) the link is selected to copy by hand.
      input?.select();
    }
  };
  const sent = published.uploaded === 0 ? "no new images" : `${published.uploaded} ${published.uploaded === 1 ? "image" : "images"} uploaded`;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-2 rounded-lg bg-canvas p-3 ring-1 ring-line" data-testid="share-result">
      <p role="status" className="text-[13px] text-emerald-800" data-testid="share-version">
        Version {published.number} published ({sent}).
      </p>
      {published.url ? (
        <div className="flex items-center gap-2">
          <input
            readOnly
            value={published.url}
            aria-label="Review link"
            onFocus={(e) => e.currentTarget.select()}
            className="h-9 min-w-0 flex-1 rounded-md border border-line bg-surface px-2 text-[13px]"
            data-testid="share-link"
          />
          <Button size="sm" onClick={(e) => void copy(e.currentTarget.parentElement?.querySelector("input") ?? null)}>
            {copied ? <Check aria-hidden className="size-4" /> : <Copy aria-hidden className="size-4" />} {copied ? "Copied" : "Copy"}
          </Button>
          <a
            href={published.url}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md bg-surface px-2.5 text-[13px] font-medium ring-1 ring-line hover:bg-canvas"
          >
            <ExternalLink aria-hidden className="size-4" /> Open
          </a>
        </div>
      ) : (
        <p className="text-[13px] text-muted">Published to a link made in another browser: its address is there.</p>
      )}
      {published.unreadable > 0 ? (
        <p className="rounded-lg bg-amber-50 p-2.5 text-[13px] text-amber-900 ring-1 ring-amber-200">
          {published.unreadable === 1 ? "One image is" : `${published.unreadable} images are`} no longer stored in this browser: those panels were published without an image.
        </p>
      ) : null}
    </div>
  );
}

"use client";
import { Loader2, Sparkles } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { formatUsd } from "@/lib/fal/pricing";
import { FieldErrors } from "./field";

/** What the bar starts when it is not the composer's Generate: a fix or a restage. */
export interface SubmitAction {
  /** The button in fal mode, before its price: "Fix region" reads "Fix region · $0.15". */
  fal: string;
  /** The button for a free offline draft: "Draft fix · free". */
  draft: string;
  /** fal publishes no price for this endpoint: said wherever the price is shown. */
  priceAssumed?: boolean;
  /** What blocks it, said plainly, instead of pointing at fields marked above. */
  blocked?: string;
}

const GENERATE: SubmitAction = { fal: "Generate", draft: "Generate draft" };

export function GenerateBar({
  mode,
  busy,
  costCents,
  numImages,
  blockingCount,
  formErrors,
  onGenerate,
  onCancel,
  action = GENERATE,
}: {
  mode: "draft" | "fal";
  busy: boolean;
  costCents: number;
  numImages: number;
  blockingCount: number;
  /** Endpoint errors that belong to no single field. */
  formErrors: readonly string[];
  onGenerate: () => void;
  onCancel: () => void;
  action?: SubmitAction;
}) {
  const id = useId();
  const cost = formatUsd(costCents / 100);
  const blocked = blockingCount > 0;
  const assumed = action.priceAssumed ? " (edit price assumed: fal publishes none)" : "";
  const note = busy
    ? "Generating. Edits from now on go into the next take."
    : mode === "draft"
      ? `Free offline draft · ${cost} when rendered on fal${assumed}`
      : (numImages > 1 ? `${numImages} images × ${formatUsd(costCents / 100 / numImages)}, billed by fal` : "Billed by fal") + assumed;

  return (
    <div className="grid gap-2" data-testid="generate-bar">
      <FieldErrors id={`${id}-form`} errors={formErrors} />
      {busy ? (
        // Same slot and size as Generate, so the button under the pointer does not jump.
        <Button variant="secondary" className="w-full justify-center" onClick={onCancel} aria-describedby={`${id}-note`}>
          <Loader2 aria-hidden className="size-4 animate-spin" /> Cancel
        </Button>
      ) : (
        <Button
          variant="primary"
          className="w-full justify-center"
          disabled={blocked}
          onClick={onGenerate}
          aria-describedby={[note ? `${id}-note` : null, blocked ? `${id}-blocked` : null].filter(Boolean).join(" ") || undefined}
          data-testid={action === GENERATE ? "generate" : "direct-submit"}
          title={action === GENERATE ? "Ctrl+Enter (⌘+Enter) in a prompt box also generates" : undefined}
        >
          <Sparkles aria-hidden className="size-4" />
          {mode === "fal" ? `${action.fal} · ${cost}` : action.draft}
        </Button>
      )}
      {note ? (
        <p id={`${id}-note`} className="text-center text-xs text-muted" data-testid="generate-note">
          {note}
        </p>
      ) : null}
      {blocked && !busy ? (
        <p id={`${id}-blocked`} className="text-center text-xs text-red-700">
          {action.blocked ?? (blockingCount === 1 ? "Fix the field marked above to generate." : `Fix the ${blockingCount} fields marked above to generate.`)}
        </p>
      ) : null}
    </div>
  );
}

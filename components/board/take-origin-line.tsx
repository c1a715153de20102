"use client";
import { clsx } from "clsx";
import { formatStrength, ORIGIN_LABELS, sourceLabel, strengthWords, takeNumber, takeOrigin } from "@/lib/board/take-origin";
import type { Panel, Take } from "@/lib/state/panel-schema";

const BADGE: Record<ReturnType<typeof takeOrigin>, string> = {
  generate: "bg-canvas text-muted ring-1 ring-line",
  fix: "bg-sky-100 text-sky-900",
  restage: "bg-violet-100 text-violet-900",
};

/** Generate, Fix or Restage: how the take was made. */
export function TakeOriginBadge({ take }: { take: Take }) {
  const origin = takeOrigin(take);
  return (
    <span className={clsx("rounded px-1.5 py-0.5 font-semibold", BADGE[origin])} data-testid="take-origin">
      {ORIGIN_LABELS[origin]}
    </span>
  );
}

function focusTake(takeId: string) {
  const item = document.getElementById(`take-${takeId}`);
  item?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  item?.focus({ preventScroll: true });
}

/** Where a fix or restage started ("from take 2", a link to it), and a restage's strength in words. */
export function TakeSourceLine({ panel, take }: { panel: Panel; take: Take }) {
  const direction = take.recipe.direction;
  if (!direction) return null;
  const { source } = direction;
  const label = sourceLabel(source, panel.takes);
  const linked = source.kind === "take" && takeNumber(panel.takes, source.takeId) !== null;
  return (
    <p className="text-xs text-muted" data-testid="take-source">
      from{" "}
      {linked ? (
        <button type="button" className="font-medium text-ink underline decoration-line underline-offset-2 hover:decoration-ink" onClick={() => focusTake(source.takeId)}>
          {label}
        </button>
      ) : (
        label
      )}
      {direction.kind === "restage" ? ` · strength ${formatStrength(direction.strength)}: ${strengthWords(direction.strength).toLowerCase()}` : ""}
    </p>
  );
}

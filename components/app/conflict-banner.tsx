"use client";
import { Button } from "@/components/ui/button";
import { useCastboard, useSaveStatus } from "@/lib/state/store";
import { resolveConflict } from "@/lib/state/sync";

/** Shown when this project was changed in another tab on the same items as here. */
export function ConflictBanner() {
  const state = useSaveStatus((s) => s.state);
  const items = useCastboard((s) => s.conflicts);
  if (state !== "conflict") return null;
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-amber-200 bg-amber-50 px-4 py-2 text-[13px] text-amber-900" data-testid="conflict-banner">
      <span className="min-w-0 flex-1">
        This project was also changed in another tab{items.length ? ` (${items.join(", ")})` : ""}. Your changes here are kept in this tab until you choose.
      </span>
      <Button size="sm" onClick={() => void resolveConflict("theirs")}>
        Load the other tab&apos;s version
      </Button>
      <Button size="sm" variant="primary" onClick={() => void resolveConflict("mine")}>
        Keep this tab&apos;s version
      </Button>
    </div>
  );
}

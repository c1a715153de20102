"use client";
import { ChevronRight } from "lucide-react";
import { useState, type ReactNode } from "react";
import type { ShotRecipe } from "@/lib/state/panel-schema";
import { titleCase } from "./palette-presets";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What is set inside, shown on the closed disclosure: nothing that shapes the image stays out of sight. */
export function advancedSummary(recipe: ShotRecipe): string[] {
  const s = recipe.settings;
  const parts: string[] = [];
  if (recipe.negativePrompt.trim()) parts.push("negative prompt");
  if (s.styleMode === "codes") parts.push(plural(s.styleCodes.length, "style code"));
  else if (s.styleReferences.length > 0) parts.push(plural(s.styleReferences.length, "style image"));
  if (s.seedMode === "locked") parts.push(`seed ${s.seed}`);
  if (!s.expandPrompt) parts.push("MagicPrompt off");
  if (s.palette.kind === "preset") parts.push(`${titleCase(s.palette.name)} palette`);
  if (s.palette.kind === "custom") parts.push(`${plural(s.palette.members.length, "colour")} palette`);
  return parts;
}

/**
 * Native <details>, held open while anything inside has an error: a message the person cannot
 * see would leave Generate disabled for no visible reason.
 */
export function Advanced({ summary, issues, children }: { summary: string[]; issues: number; children: ReactNode }) {
  const [userOpen, setUserOpen] = useState(false);
  const forced = issues > 0;
  return (
    <details
      open={userOpen || forced}
      // Also fires when `forced` opens it, which makes the opening stick once the errors are fixed.
      onToggle={(e) => setUserOpen(e.currentTarget.open)}
      className="group rounded-lg ring-1 ring-line"
      data-testid="composer-advanced"
    >
      <summary
        onClick={(e) => {
          if (forced) e.preventDefault();
        }}
        className="flex min-h-10 cursor-pointer list-none items-center gap-2 rounded-lg px-3 py-2 text-[13px] select-none hover:bg-black/[0.03] [&::-webkit-details-marker]:hidden"
      >
        <ChevronRight aria-hidden className="size-4 shrink-0 text-muted transition-transform group-open:rotate-90" />
        <span className="font-medium">Advanced</span>
        {forced ? (
          <span className="text-red-700">· {plural(issues, "issue")}</span>
        ) : summary.length > 0 ? (
          <span className="min-w-0 truncate text-muted">· {summary.join(", ")}</span>
        ) : (
          <span className="min-w-0 truncate text-muted">· all at defaults</span>
        )}
      </summary>
      <div className="grid grid-cols-1 gap-4 border-t border-line px-3 pt-3 pb-4">{children}</div>
    </details>
  );
}

"use client";
import { BookOpen, FileText, GalleryVertical } from "lucide-react";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { TRIM_PRESETS } from "@/lib/comic/comic-schema";
import { cbzPageSize } from "@/lib/comic/export/cbz";
import type { ComicExportCheck, ComicExportRequest } from "@/lib/comic/export/run-comic-export";
import { comicExportCheck } from "@/lib/comic/export/run-comic-export";
import { WEBTOON } from "@/lib/comic/export/webtoon-plan";
import { useCastboard } from "@/lib/state/store";

/** The comic entries of the export dialog (print PDF, CBZ, webtoon strip), their options and what to know before exporting. */
export type ComicKind = ComicExportRequest["kind"];

export const COMIC_KINDS: { kind: ComicKind; label: string; hint: string; icon: typeof FileText }[] = [
  { kind: "comic-pdf", label: "Comic PDF (print)", hint: "The comic pages at trim size with 0.125 in bleed, lettering as text, fonts embedded", icon: BookOpen },
  { kind: "comic-cbz", label: "Comic CBZ", hint: "The pages as images with ComicInfo.xml, for comic reader apps", icon: FileText },
  { kind: "webtoon", label: "Webtoon strip (PNG slices)", hint: "Every panel stacked in one 800 px wide strip, cut into PNG slices, in a ZIP", icon: GalleryVertical },
];

export const isComicKind = (kind: string): kind is ComicKind => kind === "comic-pdf" || kind === "comic-cbz" || kind === "webtoon";

export function comicRequest(kind: ComicKind, cropMarks: boolean): ComicExportRequest {
  return kind === "comic-pdf" ? { kind, cropMarks } : { kind };
}

/** The check, kept current with the project while the dialog is open. */
export function useComicExportCheck(enabled: boolean): ComicExportCheck | null {
  const state = useCastboard(useShallow((s) => ({ projectSettings: s.projectSettings, panels: s.panels, characters: s.characters })));
  return useMemo(() => (enabled ? comicExportCheck(state) : null), [enabled, state]);
}

const WARNING = "rounded-lg bg-amber-50 p-2.5 text-xs text-amber-900 ring-1 ring-amber-200";

function Listed({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (!items.length) return null;
  return (
    <div className={WARNING} data-testid={testId}>
      <p className="font-medium">{title}</p>
      <ul className="mt-1 max-h-28 list-disc overflow-y-auto pl-4">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

export function ComicExportOptions({ kind, check, cropMarks, onCropMarks, disabled }: { kind: ComicKind; check: ComicExportCheck; cropMarks: boolean; onCropMarks: (on: boolean) => void; disabled: boolean }) {
  const trim = useCastboard((s) => s.projectSettings.comic.settings.trim);
  const { comic, problem } = check;
  if (problem) {
    return (
      <p role="alert" className="rounded-lg bg-canvas p-3 text-[13px] ring-1 ring-line" data-testid="comic-export-problem">
        {problem}
      </p>
    );
  }
  const pages = comic.pages.length;
  const size = cbzPageSize(comic.trim);
  return (
    <div className="grid gap-2" data-testid="comic-export-options">
      {kind === "comic-pdf" ? (
        <>
          <p className="text-xs text-muted">
            {pages} {pages === 1 ? "page" : "pages"}, trim {TRIM_PRESETS[trim].label} (set in the Pages view’s settings), plus 0.125 in bleed on every side.
          </p>
          <label className="flex items-center gap-2 text-[13px]">
            <input type="checkbox" checked={cropMarks} disabled={disabled} onChange={(e) => onCropMarks(e.target.checked)} className="size-4 accent-ink" />
            Crop marks (the sheet grows by 0.375 in on every side to hold them)
          </label>
          <Listed title="Below 300 dpi at their printed size: these may print soft. Generate them larger, or zoom out in their frames." items={check.lowDpi} testId="comic-dpi-warning" />
        </>
      ) : (
        <p className="text-xs text-muted">
          {kind === "comic-cbz"
            ? `${pages} ${pages === 1 ? "page" : "pages"} as ${size.width} × ${size.height} JPEGs (001.jpg …), read ${comic.readingDirection === "rtl" ? "right to left" : "left to right"}.`
            : `Panels in reading order, ${WEBTOON.width} px wide, in slices of at most ${WEBTOON.maxSlice} px cut between panels (001.png …).`}
        </p>
      )}
      <Listed title="No image yet: these print as empty frames." items={check.noImage} testId="comic-missing-images" />
    </div>
  );
}

"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { Clapperboard, Download, FileArchive, FileImage, FileSpreadsheet, FileText, Images, Loader2 } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { PDF_PER_PAGE_CHOICES, type PdfLayoutOptions } from "@/lib/export/pdf-layout";
import { download, runExport, type ExportRequest } from "@/lib/export/run-export";
import { ExportCancelled, type ExportProgress } from "@/lib/export/types";
import { DEFAULT_VIDEO_OPTIONS, type VideoOptions } from "@/lib/animatic/video/options";
import { VideoOptionsFields } from "./video-options";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";
import { ANIMATIC_KINDS, AnimaticExportOptions, animaticRequest, DEFAULT_ANIMATIC_OPTIONS, isAnimaticKind, type AnimaticOptions } from "./animatic-export-options";
import { COMIC_KINDS, ComicExportOptions, comicRequest, isComicKind, useComicExportCheck, type ComicKind } from "./comic-export-options";

type Kind = ExportRequest["kind"] | "video" | ComicKind;

const KINDS: { kind: Kind; label: string; hint: string; icon: typeof FileText }[] = [
  { kind: "pdf", label: "PDF storyboard", hint: "For directors, clients and print: images, balloons, captions, notes", icon: FileText },
  { kind: "png-panels", label: "PNG panels", hint: "Each panel as an image, in a ZIP", icon: Images },
  { kind: "video", label: "Animatic video", hint: "MP4 or WebM with camera moves, transitions and sound, made in the browser", icon: Clapperboard },
  ...ANIMATIC_KINDS,
  ...COMIC_KINDS,
  { kind: "contact-sheet", label: "Contact sheet", hint: "The whole board on one PNG", icon: FileImage },
  { kind: "csv", label: "Shot list (CSV)", hint: "For spreadsheets: shots, dialogue, timing, prompts, seeds, cost", icon: FileSpreadsheet },
  { kind: "json", label: "Shot list (JSON)", hint: "The same shot list for tools and scripts", icon: FileSpreadsheet },
  { kind: "bundle", label: "Project bundle (ZIP)", hint: "Everything, to back up or to open in another browser", icon: FileArchive },
];

const SELECT = "h-9 rounded-md border border-line bg-surface px-2 text-sm";

export function ExportDialog({ open, onOpenChange, panelCount }: { open: boolean; onOpenChange: (open: boolean) => void; panelCount: number }) {
  const [kind, setKind] = useState<Kind>("pdf");
  const [layout, setLayout] = useState<PdfLayoutOptions>({ perPage: 6, orientation: "landscape", paper: "a4" });
  const [balloons, setBalloons] = useState(true);
  const [video, setVideo] = useState<VideoOptions>(DEFAULT_VIDEO_OPTIONS);
  const [videoOk, setVideoOk] = useState(true);
  const onVideoSupport = useCallback((ok: boolean) => setVideoOk(ok), []);
  const [progress, setProgress] = useState<(ExportProgress & { secondsLeft?: number | null }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [animatic, setAnimatic] = useState<AnimaticOptions>(DEFAULT_ANIMATIC_OPTIONS);
  const [cropMarks, setCropMarks] = useState(false);
  const comicCheck = useComicExportCheck(open && isComicKind(kind));
  const abort = useRef<AbortController | null>(null);
  const busy = progress !== null;
  // pdf-lib takes a moment to start the first time it loads: do that while the user picks options.
  useEffect(() => {
    if (!open) return;
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
    idle(() => void import("@/lib/export/pdf"));
  }, [open]);
  // The video's save picker must open while the click still counts: have its module loaded before.
  useEffect(() => {
    if (open && kind === "video") void import("@/lib/animatic/video/run-video-export");
  }, [open, kind]);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setDone(null);
    setWarning(null);
    setProgress({ done: 0, total: 1 });
    try {
      if (kind === "video") {
        const { runVideoExport } = await import("@/lib/animatic/video/run-video-export");
        const result = await runVideoExport(video, { signal: controller.signal, onProgress: setProgress });
        if ("file" in result) download(result.file);
        setDone("file" in result ? `Downloaded ${result.file.filename}.` : `Saved ${result.saved}.`);
        return;
      }
      if (isComicKind(kind)) {
        const { runComicExport } = await import("@/lib/comic/export/run-comic-export");
        const file = await runComicExport(comicRequest(kind, cropMarks), { signal: controller.signal, onProgress: setProgress });
        download(file);
        setDone(`Downloaded ${file.filename}.`);
        setWarning(file.warning ?? null);
        return;
      }
      const request: ExportRequest = isAnimaticKind(kind) ? animaticRequest(kind, animatic) : kind === "pdf" ? { kind, layout } : kind === "png-panels" ? { kind, balloons } : { kind };
      const file = await runExport(request, { signal: controller.signal, onProgress: setProgress });
      download(file);
      setDone(`Downloaded ${file.filename}.`);
      setWarning(file.warning ?? null);
    } catch (e) {
      if (!(e instanceof ExportCancelled)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && onOpenChange(next)}>
      <DialogPanel className="grid max-h-[90dvh] w-[min(94vw,520px)] gap-4 overflow-y-auto p-5" data-testid="export-dialog">
        <DialogTitleBar title="Export" closeLabel="Close export" closeDisabled={busy} />
        <Dialog.Description className="text-[13px] text-muted">
          {panelCount} {panelCount === 1 ? "shot" : "shots"}. Balloons and captions appear as on the board.
        </Dialog.Description>
        <div role="radiogroup" aria-label="Format" className="grid gap-1.5">
          {KINDS.map(({ kind: k, label, hint, icon: Icon }) => (
            <label key={k} className={clsx("flex cursor-pointer items-start gap-3 rounded-lg p-2.5 ring-1", kind === k ? "bg-canvas ring-ink" : "ring-line hover:bg-canvas/60", "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent")}>
              <input type="radio" name="export-kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="sr-only" disabled={busy} />
              <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
              <span className="grid gap-0.5">
                <span className="text-[13px] font-medium">{label}</span>
                <span className="text-xs text-muted">{hint}</span>
              </span>
            </label>
          ))}
        </div>
        {kind === "pdf" ? (
          <div className="grid grid-cols-3 gap-2">
            <label className="grid gap-1 text-[13px] font-medium">
              Panels per page
              <select className={SELECT} value={layout.perPage} disabled={busy} onChange={(e) => setLayout({ ...layout, perPage: Number(e.target.value) as PdfLayoutOptions["perPage"] })}>
                {PDF_PER_PAGE_CHOICES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <label className="grid gap-1 text-[13px] font-medium">
              Orientation
              <select className={SELECT} value={layout.orientation} disabled={busy} onChange={(e) => setLayout({ ...layout, orientation: e.target.value as PdfLayoutOptions["orientation"] })}>
                <option value="landscape">Landscape</option>
                <option value="portrait">Portrait</option>
              </select>
            </label>
            <label className="grid gap-1 text-[13px] font-medium">
              Paper
              <select className={SELECT} value={layout.paper} disabled={busy} onChange={(e) => setLayout({ ...layout, paper: e.target.value as PdfLayoutOptions["paper"] })}>
                <option value="a4">A4</option>
                <option value="letter">Letter</option>
              </select>
            </label>
          </div>
        ) : null}
        {kind === "png-panels" ? (
          <label className="flex items-center gap-2 text-[13px]">
            <input type="checkbox" checked={balloons} disabled={busy} onChange={(e) => setBalloons(e.target.checked)} className="size-4 accent-ink" />
            Draw dialogue balloons on the images
          </label>
        ) : null}
        {isAnimaticKind(kind) ? <AnimaticExportOptions kind={kind} options={animatic} onChange={setAnimatic} disabled={busy} /> : null}
        {isComicKind(kind) && comicCheck ? <ComicExportOptions kind={kind} check={comicCheck} cropMarks={cropMarks} onCropMarks={setCropMarks} disabled={busy} /> : null}
        {kind === "video" ? <VideoOptionsFields options={video} onChange={setVideo} disabled={busy} onSupport={onVideoSupport} /> : null}
        {busy ? (
          <div role="status" className="flex items-center gap-3 text-xs" data-testid="export-progress">
            <Loader2 aria-hidden className="size-4 animate-spin" />
            <progress className="h-1.5 flex-1 accent-ink" max={progress.total} value={progress.done} />
            {Math.round((progress.done / Math.max(1, progress.total)) * 100)}%
            {progress.secondsLeft != null ? <span className="text-muted">{timeLeft(progress.secondsLeft)}</span> : null}
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-[13px] text-red-900 ring-1 ring-red-200" data-testid="export-error">
            {error}
          </p>
        ) : null}
        {done && !busy ? (
          <p role="status" className="text-[13px] text-emerald-800" data-testid="export-done">
            {done}
          </p>
        ) : null}
        {warning && !busy ? (
          <p role="status" className="rounded-lg bg-amber-50 p-2.5 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="export-warning">
            {warning}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          {busy ? (
            <Button onClick={() => abort.current?.abort()}>Cancel</Button>
          ) : (
            <Button variant="primary" onClick={() => void start()} disabled={(panelCount === 0 && kind !== "bundle") || (kind === "video" && !videoOk) || !!comicCheck?.problem}>
              <Download aria-hidden className="size-4" /> Export
            </Button>
          )}
        </div>
      </DialogPanel>
    </Dialog.Root>
  );
}

/** "1:12 left", rounded up so it never reads 0:00 while work remains. */
function timeLeft(seconds: number): string {
  const s = Math.ceil(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
}

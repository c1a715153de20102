"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { Check, Download, Loader2, Trash2 } from "lucide-react";
import { useEffect, useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { deleteUnusedTakes, planFreeSpace, storageUsage } from "@/lib/projects/free-space";
import { useCastboard, useSaveStatus } from "@/lib/state/store";
import { formatBytes } from "@/lib/format-bytes";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";

type Usage = { usage: number; quota: number } | null | "loading";
type Freeing = { state: "idle" } | { state: "running" } | { state: "done"; takes: number; bytes: number } | { state: "failed"; message: string };

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** Shown when a save fails for lack of space: says nothing is lost yet, and offers ways to make room. */
export function StorageDialog({ open, onOpenChange, onExportProject }: { open: boolean; onOpenChange(open: boolean): void; onExportProject?: () => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <DialogPanel data-testid="storage-dialog" className="grid w-[min(92vw,440px)] gap-5 p-5">
        <DialogTitleBar title="Browser storage is full" closeLabel="Close" />
        {/* The body mounts with each opening, so figures and results start fresh. */}
        <StorageBody onExportProject={onExportProject} />
      </DialogPanel>
    </Dialog.Root>
  );
}

function StorageBody({ onExportProject }: { onExportProject?: () => void }) {
  const panels = useCastboard((s) => s.panels);
  const plan = useMemo(() => planFreeSpace(panels), [panels]);
  const saved = useSaveStatus((s) => s.state === "saved");
  const [usage, setUsage] = useState<Usage>("loading");
  const [freeing, setFreeing] = useState<Freeing>({ state: "idle" });
  const [measured, setMeasured] = useState(0);
  const summaryId = useId();
  const takesHelpId = useId();
  const backupHelpId = useId();

  useEffect(() => {
    let live = true;
    void storageUsage().then((next) => live && setUsage(next));
    return () => {
      live = false;
    };
  }, [measured]);

  async function free() {
    setFreeing({ state: "running" });
    try {
      setFreeing({ state: "done", ...(await deleteUnusedTakes()) });
    } catch (error) {
      setFreeing({ state: "failed", message: error instanceof Error ? error.message : String(error) });
    }
    setMeasured((n) => n + 1);
  }

  const running = freeing.state === "running";
  const count = plan.takes.length;
  return (
    <>
      <Dialog.Description className="text-sm leading-relaxed text-muted">
        Your latest changes are kept in this tab and will be saved as soon as there is room. Keep the tab open and free some space.
      </Dialog.Description>

      <UsageBar usage={usage} />

      <div className="grid divide-y divide-line rounded-lg ring-1 ring-line">
        <div className="grid gap-1.5 p-3.5">
          <div className="flex items-center justify-between gap-3">
            <Button size="sm" onClick={() => void free()} disabled={count === 0 || running} aria-describedby={`${summaryId} ${takesHelpId}`}>
              {running ? <Loader2 aria-hidden className="size-3.5 animate-spin" /> : <Trash2 aria-hidden className="size-3.5" />}
              {running ? "Deleting unused takes…" : "Delete unused takes"}
            </Button>
            <span id={summaryId} className="text-xs text-muted tabular-nums">
              {count > 0 ? `${plural(count, "take")} · ${formatBytes(plan.bytes)}` : "Nothing to delete"}
            </span>
          </div>
          <p id={takesHelpId} className="text-xs leading-relaxed text-muted">
            {count > 0
              ? "Keeps the take each panel shows and removes the others with their images. This can’t be undone."
              : "Each panel only has the take it shows."}
          </p>
          <FreeingResult freeing={freeing} />
        </div>

        {onExportProject && (
          <div className="grid gap-1.5 p-3.5">
            <Button size="sm" className="justify-self-start" onClick={onExportProject} aria-describedby={backupHelpId}>
              <Download aria-hidden className="size-3.5" />
              Download a backup of this project
            </Button>
            <p id={backupHelpId} className="text-xs leading-relaxed text-muted">
              A file with everything in this project, to keep safe before you clear anything out.
            </p>
          </div>
        )}
      </div>

      <p role="status" className={clsx("flex items-center gap-1.5 text-xs", saved ? "text-ink" : "text-muted")}>
        {saved ? <Check aria-hidden className="size-3.5" /> : <Loader2 aria-hidden className="size-3.5 animate-spin" />}
        {saved ? "All changes are saved." : "Waiting for room to save your changes…"}
      </p>
    </>
  );
}

function UsageBar({ usage }: { usage: Usage }) {
  if (usage === "loading") return <p className="h-7 text-xs text-muted">Checking how much space is used…</p>;
  // Some browsers keep their figures to themselves; a guessed bar would mislead.
  if (!usage) return null;
  const share = Math.min(1, usage.usage / usage.quota);
  const text = `${formatBytes(usage.usage)} of ${formatBytes(usage.quota)} used`;
  return (
    <div className="grid gap-1.5">
      <div
        role="meter"
        aria-label="Browser storage used"
        aria-valuemin={0}
        aria-valuemax={usage.quota}
        aria-valuenow={usage.usage}
        aria-valuetext={text}
        className="h-1.5 overflow-hidden rounded-full bg-canvas ring-1 ring-line ring-inset"
      >
        <div className={clsx("h-full rounded-full transition-[width]", share > 0.9 ? "bg-accent" : "bg-ink/60")} style={{ width: `${share * 100}%` }} />
      </div>
      <p aria-hidden className="text-xs text-muted tabular-nums">
        {text}
      </p>
    </div>
  );
}

function FreeingResult({ freeing }: { freeing: Freeing }) {
  if (freeing.state === "failed") {
    return (
      <p role="alert" className="text-xs text-red-700">
        Couldn’t delete the takes: {freeing.message}
      </p>
    );
  }
  if (freeing.state !== "done") return null;
  return (
    <p role="status" className="flex items-center gap-1.5 text-xs text-ink">
      <Check aria-hidden className="size-3.5" />
      {freeing.bytes > 0
        ? `Deleted ${plural(freeing.takes, "take")} and freed ${formatBytes(freeing.bytes)}.`
        : freeing.takes > 0
          ? `Deleted ${plural(freeing.takes, "take")}. Their images are still used elsewhere, so no space was freed.`
          : "Nothing left to delete."}
    </p>
  );
}

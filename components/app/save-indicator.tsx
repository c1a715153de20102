"use client";
import { AlertTriangle, Check, Loader2 } from "lucide-react";
import { useEffect, useState } from "react";
import { isQuotaError } from "@/lib/cast/add-character";
import { download, runExport } from "@/lib/export/run-export";
import { useSaveStatus } from "@/lib/state/store";
import { StorageDialog } from "./storage-dialog";

/** Says "Saved" only once IndexedDB has confirmed the write; a full disk offers a way out. */
export function SaveIndicator() {
  const status = useSaveStatus();
  const [storageOpen, setStorageOpen] = useState(false);
  // A full disk opens the way-out dialog by itself, once per failure the user has not dismissed.
  const [dismissed, setDismissed] = useState<unknown>(null);
  const unsaved = status.state !== "saved";
  const full = status.state === "failed" && isQuotaError(status.error);
  useEffect(() => {
    if (!unsaved) return;
    // The browser's own "leave site?" prompt: an IndexedDB write started while the page unloads
    // is not guaranteed to finish, so a change still in memory would be lost.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);
  const dialogOpen = storageOpen || (full && status.error !== dismissed);
  const onOpenChange = (open: boolean) => {
    setStorageOpen(open);
    if (!open) setDismissed(status.error);
  };

  if (status.state === "failed" || status.state === "conflict") {
    return (
      <>
        <span role="alert" className="flex items-center gap-1 text-xs text-red-700" data-testid="save-state" data-state={status.state}>
          <AlertTriangle aria-hidden className="size-3.5" />
          {status.state === "conflict" ? (
            "Not saved: changed in another tab"
          ) : full ? (
            <button type="button" className="underline underline-offset-2" onClick={() => setStorageOpen(true)}>
              Storage full: changes kept in this tab
            </button>
          ) : (
            "Not saved yet: retrying"
          )}
        </span>
        <StorageDialog open={dialogOpen} onOpenChange={onOpenChange} onExportProject={() => void runExport({ kind: "bundle" }).then(download)} />
      </>
    );
  }
  return (
    <span className="flex items-center gap-1 text-xs whitespace-nowrap text-muted" role="status" data-testid="save-state" data-state={status.state}>
      {status.state === "saved" ? <Check aria-hidden className="size-3.5" /> : <Loader2 aria-hidden className="size-3.5 animate-spin" />}
      <span className="sr-only sm:not-sr-only">{status.state === "saved" ? "Saved" : "Saving…"}</span>
    </span>
  );
}

"use client";
import { AlertTriangle, Check, Loader2 } from "lucide-react";
import { useEffect } from "react";
import { isQuotaError } from "@/lib/cast/add-character";
import { useSaveStatus } from "@/lib/state/store";

/** Says "Saved" only once IndexedDB has confirmed the write. */
export function SaveIndicator() {
  const status = useSaveStatus();
  const unsaved = status.state !== "saved";
  useEffect(() => {
    if (!unsaved) return;
    // The browser's own "leave site?" prompt: an IndexedDB write started while the page unloads
    // is not guaranteed to finish, so a change still in memory would be lost.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);
  if (status.state === "failed") {
    return (
      <span role="alert" className="flex items-center gap-1 text-xs text-red-700" data-testid="save-state" data-state="failed">
        <AlertTriangle aria-hidden className="size-3.5" />
        {isQuotaError(status.error) ? "Storage full: changes kept in this tab" : "Not saved yet: retrying"}
      </span>
    );
  }
  return (
    <span className="flex items-center gap-1 text-xs text-muted" role="status" data-testid="save-state" data-state={status.state}>
      {status.state === "saved" ? <Check aria-hidden className="size-3.5" /> : <Loader2 aria-hidden className="size-3.5 animate-spin" />}
      {status.state === "saved" ? "Saved" : "Saving…"}
    </span>
  );
}

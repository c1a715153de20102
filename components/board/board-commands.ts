"use client";
import { toast } from "sonner";
import { scheduleGarbageCollection } from "@/lib/cast/garbage";
import { useCastboard } from "@/lib/state/store";

/** Board operations shared by buttons, menus and shortcuts; each is one undo step. */
const store = useCastboard;

export function deletePanels(ids: string[]): void {
  if (ids.length === 0) return;
  const numbers = ids.map((id) => store.getState().panels.findIndex((p) => p.id === id) + 1).sort((a, b) => a - b);
  store.getState().removePanels(ids);
  toast(ids.length === 1 ? `Deleted shot ${numbers[0]}` : `Deleted ${ids.length} shots`, {
    action: { label: "Undo", onClick: () => store.getState().undo() },
    duration: 8000,
  });
  scheduleGarbageCollection();
}

export function duplicatePanels(ids: string[]): string[] {
  return store.getState().duplicatePanels(ids);
}

/** Moves one panel a step earlier or later (keyboard reordering without a pointer). */
export function nudgePanel(id: string, by: -1 | 1): void {
  const { panels, movePanels } = store.getState();
  const index = panels.findIndex((p) => p.id === id);
  if (index < 0) return;
  movePanels([id], Math.max(0, Math.min(panels.length - 1, index + by)));
}

export function undo(): void {
  if (!store.getState().undo()) toast("Nothing to undo", { duration: 1500 });
}

export function redo(): void {
  if (!store.getState().redo()) toast("Nothing to redo", { duration: 1500 });
}

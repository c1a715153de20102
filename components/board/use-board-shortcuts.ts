"use client";
import { useEffect } from "react";
import { useCastboard } from "@/lib/state/store";
import { deletePanels, duplicatePanels, nudgePanel, redo, undo } from "./board-commands";

interface Options {
  selectedId: string | null;
  checked: Set<string>;
  /** False while a modal surface (mask painter, presentation, a dialog) owns the keyboard. */
  enabled: boolean;
  select: (id: string) => void;
  setChecked: (ids: Set<string>) => void;
  addPanel: () => void;
  present: () => void;
  showHelp: () => void;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) && (target as HTMLInputElement).type !== "checkbox";

/** The board's keyboard: listed in the shortcuts sheet (`?`). Text fields keep their own keys. */
export function useBoardShortcuts(options: Options): void {
  useEffect(() => {
    if (!options.enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || typing(event.target) || document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const mod = event.metaKey || event.ctrlKey;
      const { panels } = useCastboard.getState();
      const targets = options.checked.size > 0 ? panels.filter((p) => options.checked.has(p.id)).map((p) => p.id) : options.selectedId ? [options.selectedId] : [];
      const index = panels.findIndex((p) => p.id === options.selectedId);
      const key = event.key;
      const run = (action: () => void) => {
        event.preventDefault();
        action();
      };
      if (mod && key.toLowerCase() === "z") return run(event.shiftKey ? redo : undo);
      if (mod && key.toLowerCase() === "y") return run(redo);
      if (mod && key.toLowerCase() === "d") return run(() => targets.length && options.setChecked(new Set(duplicatePanels(targets))));
      if (mod && key.toLowerCase() === "a") return run(() => options.setChecked(new Set(panels.map((p) => p.id))));
      if (mod) return;
      if (event.altKey) {
        if (options.selectedId && (key === "ArrowLeft" || key === "ArrowRight")) run(() => nudgePanel(options.selectedId!, key === "ArrowLeft" ? -1 : 1));
        return;
      }
      // Arrow keys on a focused control (a drag handle picking a panel up, a slider) are theirs.
      const onControl = event.target instanceof HTMLElement && event.target !== document.body && event.target.closest("button, [role=slider], input");
      if ((key === "ArrowLeft" || key === "ArrowRight") && !onControl && panels.length) {
        return run(() => options.select(panels[Math.max(0, Math.min(panels.length - 1, index + (key === "ArrowLeft" ? -1 : 1)))]!.id));
      }
      if ((key === "Delete" || key === "Backspace") && targets.length) return run(() => (deletePanels(targets), options.setChecked(new Set())));
      if (key === "n" || key === "N") return run(options.addPanel);
      if (key === "p" || key === "P") return run(options.present);
      if (key === "?") return run(options.showHelp);
      if (key === "Escape" && options.checked.size) return run(() => options.setChecked(new Set()));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [options]);
}

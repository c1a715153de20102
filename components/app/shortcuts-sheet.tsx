"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { Fragment, useSyncExternalStore } from "react";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";

/**
 * A key is written as it reads on a PC keyboard; "Mod" is ⌘ on a Mac and Ctrl elsewhere.
 * Lowercase words ("drag", "arrows") are actions, not keys, and render as plain text.
 */
export interface Shortcut {
  label: string;
  /** Each entry is one chord; several are alternatives ("or") or a sequence ("then"). */
  keys: string[][];
  join?: "or" | "then";
  note?: string;
}
export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: "Board",
    shortcuts: [
      { label: "Undo", keys: [["Mod", "Z"]] },
      { label: "Redo", keys: [["Shift", "Mod", "Z"]] },
      { label: "Add panel after the selected one", keys: [["N"]] },
      { label: "Duplicate selected panels", keys: [["Mod", "D"]] },
      { label: "Delete selected panels", keys: [["Delete"], ["Backspace"]] },
      { label: "Select previous / next panel", keys: [["←"], ["→"]] },
      { label: "Move selected panel earlier / later", keys: [["Alt", "←"], ["Alt", "→"]] },
      { label: "Pick up a panel to reorder, then move and drop", keys: [["Space"], ["arrows"], ["Space"]], join: "then" },
      { label: "Select all panels", keys: [["Mod", "A"]] },
    ],
  },
  {
    title: "Presentation",
    shortcuts: [
      { label: "Present from the selected panel", keys: [["P"]] },
      { label: "Next / previous", keys: [["→"], ["←"]] },
      { label: "Play or pause the animatic", keys: [["P"]], note: "inside presentation" },
      { label: "Leave", keys: [["Esc"]] },
    ],
  },
  {
    title: "Mask painter and Fix a region",
    shortcuts: [
      { label: "Brush / eraser / rectangle / lasso", keys: [["B"], ["E"], ["R"], ["L"]] },
      { label: "Clear a rectangle or lasso instead of filling it", keys: [["Alt", "drag"]] },
      { label: "Brush size", keys: [["["], ["]"]] },
      { label: "Pan", keys: [["Space", "drag"]] },
      { label: "Undo / redo", keys: [["Mod", "Z"], ["Shift", "Mod", "Z"]] },
    ],
  },
  {
    title: "Sketch",
    shortcuts: [
      { label: "Pencil / eraser / straight line", keys: [["P"], ["E"], ["L"]] },
      { label: "Straight line while drawing", keys: [["Shift", "drag"]] },
      { label: "Grey, darkest to lightest", keys: [["1"], ["2"], ["3"], ["4"]] },
      { label: "Onion skin of the previous shot", keys: [["O"]] },
      { label: "Save", keys: [["Mod", "S"]] },
    ],
  },
  { title: "General", shortcuts: [{ label: "This sheet", keys: [["?"]] }] },
];

// Mac keyboards and menus name modifiers by their symbols.
const MAC_KEYS: Record<string, string> = { Mod: "⌘", Shift: "⇧", Alt: "⌥" };
const keyName = (key: string, mac: boolean) => (key === "Mod" ? (mac ? "⌘" : "Ctrl") : mac ? (MAC_KEYS[key] ?? key) : key);
const isWord = (key: string) => /^[a-z]{2,}$/.test(key);
const isModifier = (key: string) => key in MAC_KEYS;

function detectMac(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad|ipod/i.test(nav.userAgentData?.platform || nav.platform || "");
}
const noSubscription = () => () => undefined;

/** ⌘ on Apple devices; "Ctrl" while rendering on the server, so hydration never disagrees. */
function useIsMac(): boolean {
  return useSyncExternalStore(noSubscription, detectMac, () => false);
}

// Ids name the headings their lists are labelled by; a space would split the reference in two.
const groupId = (title: string) => `shortcuts-${title.toLowerCase().replace(/\s+/g, "-")}`;

const KBD = "inline-flex h-5 min-w-5 items-center justify-center rounded border border-line bg-canvas px-1 font-mono text-[11px] leading-none text-ink shadow-[inset_0_-1px_0_var(--color-line)]";

function Chord({ keys, mac }: { keys: string[]; mac: boolean }) {
  return (
    <kbd className="inline-flex items-center gap-0.5 font-sans">
      {keys.map((key, i) => (
        <Fragment key={i}>
          {i > 0 && !(mac && isModifier(keys[i - 1]!)) && <span className="text-muted">+</span>}
          {isWord(key) ? <span className="text-[13px] text-muted">{key}</span> : <kbd className={KBD}>{keyName(key, mac)}</kbd>}
        </Fragment>
      ))}
    </kbd>
  );
}

function Keys({ shortcut, mac }: { shortcut: Shortcut; mac: boolean }) {
  return (
    <span className="flex flex-wrap items-center justify-end gap-1.5">
      {shortcut.keys.map((keys, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="text-xs text-muted">{shortcut.join === "then" ? "then" : "/"}</span>}
          <Chord keys={keys} mac={mac} />
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsSheet({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const mac = useIsMac();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <DialogPanel data-testid="shortcuts-sheet" className="flex max-h-[min(86vh,680px)] w-[min(92vw,520px)] flex-col">
        <DialogTitleBar title="Keyboard shortcuts" closeLabel="Close keyboard shortcuts" className="px-5 pt-5 pb-3" />
        <Dialog.Description className="sr-only">Keys for the board, the presentation and the mask painter.</Dialog.Description>
        <div className="grid gap-5 overflow-y-auto px-5 pb-5">
          {SHORTCUTS.map((group) => (
            <section key={group.title} aria-labelledby={groupId(group.title)} className="grid gap-1">
              <h3 id={groupId(group.title)} className="text-xs font-medium text-muted">
                {group.title}
              </h3>
              <dl className="divide-y divide-line">
                {group.shortcuts.map((shortcut) => (
                  <div key={`${shortcut.label}-${shortcut.note ?? ""}`} className="flex items-center justify-between gap-4 py-2">
                    <dt className="text-[13px]">
                      {shortcut.label}
                      {shortcut.note && <span className="text-muted"> ({shortcut.note})</span>}
                    </dt>
                    <dd className="shrink-0">
                      <Keys shortcut={shortcut} mac={mac} />
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </DialogPanel>
    </Dialog.Root>
  );
}

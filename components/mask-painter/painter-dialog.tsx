"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { useId, type ReactNode } from "react";
import { MaskToolbar } from "./mask-toolbar";
import type { Painter } from "./use-painter";

/** The painter's full-screen frame: title and help, the dialog's own buttons, the toolbar, then its body. */
export function PainterDialog({
  title,
  help,
  actions,
  painter,
  onDismiss,
  testId,
  children,
}: {
  title: ReactNode;
  help: string;
  actions: ReactNode;
  painter: Pick<Painter, "toolbar" | "actions" | "auto" | "onKeyDown" | "onKeyUp">;
  /** Escape, or the dialog closed any other way. */
  onDismiss: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const helpId = useId();
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onDismiss()}>
      <Dialog.Portal>
        <Dialog.Content
          className="fixed inset-0 z-50 flex flex-col bg-[#1b1b1e] text-white outline-none"
          onKeyDown={painter.onKeyDown}
          onKeyUp={painter.onKeyUp}
          aria-describedby={helpId}
          data-testid={testId}
        >
          <div className="flex items-center justify-between gap-3 border-b border-white/10 px-3 py-2">
            <div className="min-w-0">
              <Dialog.Title className="truncate text-sm font-semibold">{title}</Dialog.Title>
              <p id={helpId} className="hidden text-xs text-white/60 sm:block">
                {help}
              </p>
            </div>
            <div className="flex items-center gap-3">{actions}</div>
          </div>
          <MaskToolbar state={painter.toolbar} actions={painter.actions} auto={painter.auto} />
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

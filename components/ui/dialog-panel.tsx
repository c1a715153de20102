"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import type { ComponentProps } from "react";

/** A centred modal over a dimmed page, the one look every dialog shares; `className` sets its width and layout. */
export function DialogPanel({ className, ...props }: ComponentProps<typeof Dialog.Content>) {
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30" />
      <Dialog.Content {...props} className={clsx("fixed top-1/2 left-1/2 z-50 -translate-x-1/2 -translate-y-1/2 rounded-xl bg-surface shadow-xl ring-1 ring-line", className)} />
    </Dialog.Portal>
  );
}

"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import { X } from "lucide-react";
import { Button } from "./button";

/** Every dialog's top row: its title and a named close button, so they read as one family. */
export function DialogTitleBar({ title, closeLabel, closeDisabled, className }: { title: string; closeLabel: string; closeDisabled?: boolean; className?: string }) {
  return (
    <div className={clsx("flex items-center justify-between", className)}>
      <Dialog.Title className="text-base font-semibold">{title}</Dialog.Title>
      <Dialog.Close asChild>
        <Button variant="ghost" size="icon" aria-label={closeLabel} disabled={closeDisabled}>
          <X aria-hidden className="size-4" />
        </Button>
      </Dialog.Close>
    </div>
  );
}

"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { Button } from "@/components/ui/button";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { formatUsd } from "@/lib/fal/pricing";
import type { GenerationMode } from "@/lib/state/panel-schema";

/** Asks before spending: how many panels, how many images, what it costs. */
export function BatchDialog({
  open,
  onOpenChange,
  panels,
  images,
  costCents,
  mode,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  panels: number;
  images: number;
  costCents: number;
  mode: GenerationMode;
  onConfirm: () => void;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <DialogPanel className="grid w-[min(92vw,420px)] gap-4 p-5">
        <Dialog.Title className="text-base font-semibold">
          Generate {panels} {panels === 1 ? "panel" : "panels"}?
        </Dialog.Title>
        <Dialog.Description className="text-sm leading-relaxed text-muted">
          {images} {images === 1 ? "image" : "images"} in total.{" "}
          {mode === "fal" ? (
            <>
              This will cost <strong className="text-ink">{formatUsd(costCents / 100)}</strong> on fal.
            </>
          ) : (
            <>Offline drafts are free; the same batch would cost {formatUsd(costCents / 100)} on fal.</>
          )}
        </Dialog.Description>
        <div className="flex justify-end gap-2">
          <Dialog.Close asChild>
            <Button>Cancel</Button>
          </Dialog.Close>
          <Button variant="primary" onClick={onConfirm}>
            {mode === "fal" ? `Spend ${formatUsd(costCents / 100)}` : "Generate drafts"}
          </Button>
        </div>
      </DialogPanel>
    </Dialog.Root>
  );
}

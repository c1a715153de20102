"use client";
import { BookOpen, Loader2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button, type ButtonProps } from "@/components/ui/button";
import { openSampleStoryboard } from "@/lib/samples/open-sample";

/**
 * Opens the sample storyboard and says what went wrong, if anything. `progressToast` shows a
 * toast while it is drawn (for the project menu, which closes at once).
 */
export async function openSampleAndReport({ onOpened, progressToast = false }: { onOpened?: (firstPanelId: string) => void; progressToast?: boolean } = {}) {
  const id = progressToast ? toast.loading("Drawing the sample storyboard…") : undefined;
  try {
    const { panelIds, undrawn } = await openSampleStoryboard();
    if (panelIds[0]) onOpened?.(panelIds[0]);
    if (undrawn > 0) {
      toast.error(
        `${undrawn} of the sample's ${panelIds.length} pictures could not be drawn (the Castboard server did not answer). Their shots are there: generate them when the connection is back.`,
        { id, duration: 12_000 },
      );
    } else if (id !== undefined) toast.dismiss(id);
  } catch (error) {
    toast.error(`The sample storyboard could not be opened: ${error instanceof Error ? error.message : String(error)}`, { id, duration: 12_000 });
  }
}

/** Opens the sample storyboard (Ferris in five drawn shots), saying so while it is being drawn. */
export function SampleStoryboardButton({
  onOpened,
  label = "Open the sample storyboard",
  ...props
}: Omit<ButtonProps, "onClick" | "children"> & { onOpened: (firstPanelId: string) => void; label?: string }) {
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    await openSampleAndReport({ onOpened });
    setBusy(false);
  };
  return (
    <Button {...props} disabled={busy || props.disabled} aria-busy={busy} onClick={() => void open()}>
      {busy ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <BookOpen aria-hidden className="size-4" />}
      {busy ? "Drawing the sample…" : label}
    </Button>
  );
}

"use client";
import { Layers, SquareDashedMousePointer } from "lucide-react";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { chosenImage } from "@/lib/board/chosen";
import { startDecoding } from "@/lib/images/decode-stored";
import type { Panel, Take } from "@/lib/state/panel-schema";
import { closeDirectDialog, openDirectDialog, useDirectDialog } from "./direct-dialog-store";

// The painter, the restage form and the comparison load when first opened: most visits use none.
const FixDialog = onDemand(() => import("./fix-dialog").then((m) => m.FixDialog));
const RestageDialog = onDemand(() => import("./restage-dialog").then((m) => m.RestageDialog));
const BeforeAfter = onDemand(() => import("./before-after").then((m) => m.BeforeAfter));

/** Starts a fix of one image of a take: the painter's time to ready is measured from here. */
export function openFix(panelId: string, take: Take, imageIndex: number): void {
  const image = take.images[imageIndex];
  // The image decodes while the painter's code loads and renders.
  if (image) startDecoding(image);
  openDirectDialog({ kind: "fix", panelId, takeId: take.id, imageIndex, openedAt: performance.now() });
}

/** Fix a region of the shot's image, or restage it; and the dialogs the takes list opens. */
export function DirectActions({ panel }: { panel: Panel }) {
  const open = useDirectDialog((s) => s.open);
  const current = chosenImage(panel);
  const busy = !!panel.pending;
  const mine = open?.panelId === panel.id ? open : null;
  const take = mine && mine.kind !== "restage" ? panel.takes.find((t) => t.id === mine.takeId) : undefined;
  const hasImage = panel.takes.length > 0;
  // Once there is an image to fix, the painter's code loads a moment later, not on the click that needs it.
  useEffect(() => {
    if (!hasImage) return;
    const timer = setTimeout(() => void FixDialog.preload().catch(() => undefined), 1500);
    return () => clearTimeout(timer);
  }, [hasImage]);
  return (
    <section aria-label="Start from the shot's image" className="flex flex-wrap items-center gap-2" data-testid="direct-actions">
      <Button
        size="sm"
        onClick={() => current && openFix(panel.id, current.take, panel.chosen?.imageIndex ?? 0)}
        disabled={!current?.image || busy}
        title={!current?.image ? "Generate an image first" : busy ? "Wait for the generation to finish" : "Repaint part of the shot's image, keeping the rest"}
      >
        <SquareDashedMousePointer aria-hidden className="size-4" /> Fix a region
      </Button>
      <Button size="sm" onClick={() => openDirectDialog({ kind: "restage", panelId: panel.id })} disabled={busy} title="A new take over an image: this shot's, a take, an upload or the sketch">
        <Layers aria-hidden className="size-4" /> Restage…
      </Button>
      {mine?.kind === "fix" && take ? (
        <FixDialog what="the region painter" panel={panel} take={take} imageIndex={mine.imageIndex} openedAt={mine.openedAt} onClose={closeDirectDialog} />
      ) : null}
      {mine?.kind === "restage" ? <RestageDialog what="the restage form" panel={panel} from={mine.from} onClose={closeDirectDialog} /> : null}
      {mine?.kind === "compare" && take ? <BeforeAfter what="the comparison" panel={panel} take={take} imageIndex={mine.imageIndex} onClose={closeDirectDialog} /> : null}
    </section>
  );
}

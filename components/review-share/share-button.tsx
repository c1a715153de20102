"use client";
import { Share2 } from "lucide-react";
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { useCastboard } from "@/lib/state/store";

// Publishing (its dialog, the snapshot builder, the review client) loads on the first click.
const ShareDialog = onDemand(() => import("./share-dialog").then((m) => m.ShareDialog));

/** The board's "Share for review" button and its dialog. */
export function ShareForReviewButton() {
  const [open, setOpen] = useState(false);
  const { projectId, projectName, panelCount } = useCastboard(
    useShallow((s) => ({ projectId: s.projectId, projectName: s.projects.find((p) => p.id === s.projectId)?.name ?? "Storyboard", panelCount: s.panels.length })),
  );
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} disabled={!projectId}>
        <Share2 aria-hidden className="size-4" /> Share for review
      </Button>
      {open && projectId ? <ShareDialog what="sharing" projectId={projectId} projectName={projectName} panelCount={panelCount} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

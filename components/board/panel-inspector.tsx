"use client";
import { AlertTriangle, RotateCw } from "lucide-react";
import { AnimaticSection } from "@/components/animatic/animatic-section";
import { Composer } from "@/components/composer/composer";
import { DirectActions } from "@/components/direct/direct-actions";
import { SketchSection } from "@/components/sketch/sketch-section";
import { SoundSection } from "@/components/animatic/sound-section";
import { Button } from "@/components/ui/button";
import { useEffect, useRef } from "react";
import { cancelGeneration, generatePanel, renderOnFal, retryPanel } from "@/lib/generation/generate";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { PanelStatus } from "./panel-status";
import { ShotFields } from "./shot-fields";
import { Takes } from "./takes";

/** The selected panel: its composer, live status, error with Retry, and takes. */
export function PanelInspector({ panel, number }: { panel: Panel; number: number }) {
  const mode = useCastboard((s) => s.generationMode);
  const error = panel.error;
  const errorBox = useRef<HTMLDivElement>(null);
  const shownPanelId = useRef<string | null>(null);
  // The Generate button sits low in the inspector: bring a new failure's message and Retry into view.
  // Not on selecting a panel that already failed: that one opens at its heading.
  useEffect(() => {
    const switched = shownPanelId.current !== panel.id;
    shownPanelId.current = panel.id;
    if (!switched && error && !panel.pending) errorBox.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [panel.id, error, panel.pending]);
  return (
    <div className="flex flex-col gap-5" aria-label={`Shot ${number}`}>
      <h2 className="text-sm font-semibold">Shot {number}</h2>
      {panel.pending ? (
        <div className="rounded-lg bg-surface p-3 ring-1 ring-line">
          <PanelStatus pending={panel.pending} showLogs />
        </div>
      ) : null}
      {!panel.pending && error ? (
        <div ref={errorBox} role="alert" className={error.kind === "cancelled" ? "rounded-lg bg-canvas p-3 text-[13px] text-muted ring-1 ring-line" : "flex flex-col gap-2 rounded-lg bg-red-50 p-3 text-[13px] text-red-900 ring-1 ring-red-200"} data-testid="panel-error" data-kind={error.kind}>
          <span className="flex gap-2">
            {error.kind === "cancelled" ? null : <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />}
            {error.message}
          </span>
          {error.kind !== "validation" ? (
            <Button size="sm" className="self-start" onClick={() => void retryPanel(panel.id)}>
              <RotateCw aria-hidden className="size-3.5" /> Retry
            </Button>
          ) : null}
        </div>
      ) : null}
      <ShotFields panel={panel} />
      <SketchSection panel={panel} number={number} />
      <AnimaticSection panel={panel} number={number} />
      <SoundSection panel={panel} number={number} />
      <h3 className="border-t border-line pt-4 text-sm font-semibold">Image</h3>
      <Composer
        panel={panel}
        mode={mode}
        busy={!!panel.pending}
        onGenerate={() => void generatePanel(panel.id)}
        onCancel={() => void cancelGeneration(panel.id)}
      />
      <DirectActions panel={panel} />
      <Takes panel={panel} onRenderOnFal={(take) => void renderOnFal(panel.id, take)} />
    </div>
  );
}

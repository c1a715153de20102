"use client";
import { Music } from "lucide-react";
import { panelClipFit } from "@/lib/animatic/audio-fit";
import { setPanelClipFromFile } from "@/lib/animatic/audio-ingest";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";
import { SoundClipControl } from "./sound-clip-control";

/** A panel's sound clip in the inspector: it starts with the shot in the animatic and in exports. */
export function SoundSection({ panel, number }: { panel: Panel; number: number }) {
  const fit = useCastboard((s) => panelClipFit(s.panels, number - 1));
  const clip = panel.animatic.clip;
  return (
    <section aria-labelledby={`sound-${panel.id}`} className="flex flex-col gap-3 border-t border-line pt-4" data-testid="sound-section">
      <h3 id={`sound-${panel.id}`} className="flex items-center gap-1.5 text-sm font-semibold">
        <Music aria-hidden className="size-4" /> Sound
      </h3>
      <SoundClipControl
        clip={clip}
        what="Sound clip"
        testId="panel-sound"
        fit={fit ? { text: fit, warning: true } : null}
        onFile={(file) => setPanelClipFromFile(panel.id, file)}
        onVolume={(volume) => clip && useCastboard.getState().setPanelAnimatic(panel.id, { clip: { ...clip, volume } }, `clip-volume:${panel.id}`)}
        onRemove={() => useCastboard.getState().setPanelAnimatic(panel.id, { clip: null })}
      />
    </section>
  );
}

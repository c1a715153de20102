"use client";
import * as Popover from "@radix-ui/react-popover";
import { Music, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { PopoverPanel } from "@/components/ui/popover-panel";
import { soundtrackFit } from "@/lib/animatic/audio-fit";
import { setSoundtrackFromFile } from "@/lib/animatic/audio-ingest";
import { useCastboard } from "@/lib/state/store";
import { SoundClipControl } from "./sound-clip-control";

/** The board's soundtrack, beside Present: it plays under every shot from the start, cut at the board's end. */
export function SoundtrackButton() {
  const soundtrack = useCastboard((s) => s.projectSettings.animatic.soundtrack);
  const boardSec = useCastboard((s) => s.panels.reduce((sum, p) => sum + p.shot.durationSec, 0));
  const set = useCastboard((s) => s.setSoundtrack);
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button size="sm" aria-label={soundtrack ? `Soundtrack: ${soundtrack.audio.fileName}` : "Soundtrack"}>
          <Music aria-hidden className="size-4" /> Soundtrack
          {soundtrack ? <span aria-hidden className="size-1.5 rounded-full bg-emerald-600" /> : null}
        </Button>
      </Popover.Trigger>
      <PopoverPanel className="flex w-[min(92vw,340px)] flex-col gap-3 p-4" data-testid="soundtrack-popover">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold">Soundtrack</h2>
          <Popover.Close asChild>
            <Button size="icon" variant="ghost" className="-mr-2 size-8" aria-label="Close soundtrack">
              <X aria-hidden className="size-4" />
            </Button>
          </Popover.Close>
        </div>
        <p className="text-xs leading-snug text-muted">Plays under the whole board from its first shot and stops where the board ends.</p>
        <SoundClipControl
          clip={soundtrack}
          what="Soundtrack"
          testId="soundtrack"
          fit={soundtrack ? soundtrackFit(soundtrack, boardSec) : null}
          onFile={setSoundtrackFromFile}
          onVolume={(volume) => soundtrack && set({ ...soundtrack, volume })}
          onRemove={() => set(null)}
        />
      </PopoverPanel>
    </Popover.Root>
  );
}

"use client";
import { clsx } from "clsx";
import { ImagePlus, Loader2, Sparkles } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { useDropzone } from "react-dropzone";
import { useShallow } from "zustand/react/shallow";
import { SampleStoryboardButton } from "@/components/app/sample-storyboard-button";
import { Button } from "@/components/ui/button";
import { onDemand } from "@/components/ui/on-demand";
import { addCharacters, type AddFailure } from "@/lib/cast/add-character";
import { addSampleCharacter } from "@/lib/cast/sample";
import { useCastboard } from "@/lib/state/store";
import { AddFailures } from "./add-failures";

// The drag-and-drop list (dnd-kit) loads once there is a cast, so a first visit does not wait for it.
const CharacterList = onDemand(() => import("./character-list").then((m) => m.CharacterList));

export function CastPanel({
  selectedId,
  onSelect,
  onOpenMask,
  onSampleOpened,
}: {
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpenMask: (id: string) => void;
  onSampleOpened: (firstPanelId: string) => void;
}) {
  const { characters, hydrated, maxLongEdge } = useCastboard(
    useShallow((s) => ({ characters: s.characters, hydrated: s.hydrated, maxLongEdge: s.settings.maxLongEdge })),
  );
  const [busy, setBusy] = useState<string[]>([]);
  const [failures, setFailures] = useState<AddFailure[]>([]);

  const add = useCallback(
    async (files: (Blob & { name?: string })[]) => {
      if (files.length === 0) return;
      const names = files.map((f) => f.name ?? "Pasted image");
      setBusy((b) => [...b, ...names]);
      const before = useCastboard.getState().characters.length;
      const failed = await addCharacters(files);
      setBusy((b) => b.filter((n) => !names.includes(n)));
      setFailures(failed);
      const added = useCastboard.getState().characters.slice(before);
      if (added.length > 0) onSelect(added.at(-1)!.id);
    },
    [onSelect],
  );

  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop: (accepted, rejected) => void add([...accepted, ...rejected.map((r) => r.file)]),
    noClick: true,
    noKeyboard: true,
  });

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      // Text pasted into a field stays text; only pasted image files become characters.
      if (files.length === 0) return;
      event.preventDefault();
      void add(files);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [add]);

  return (
    <section
      {...getRootProps({
        "aria-labelledby": "cast-heading",
        className: clsx("relative flex min-h-0 flex-col gap-3 p-4", isDragActive && "bg-accent/5"),
      })}
    >
      <input {...getInputProps({ "aria-label": "Choose character images" })} />
      <header className="flex items-center justify-between gap-2">
        <h2 id="cast-heading" className="text-sm font-semibold tracking-tight">
          Cast <span className="font-normal text-muted">{characters.length > 0 ? characters.length : ""}</span>
        </h2>
        <Button size="sm" onClick={open}>
          <ImagePlus aria-hidden className="size-4" /> Add character
        </Button>
      </header>

      <AddFailures failures={failures} onDismiss={() => setFailures([])} />

      {hydrated && characters.length === 0 && busy.length === 0 ? (
        <div className="flex flex-col items-start gap-3 rounded-xl border border-dashed border-line bg-surface/60 p-5" data-testid="cast-empty">
          <p className="text-sm font-medium">Add your first character</p>
          <p className="text-[13px] leading-relaxed text-muted">
            Drop a photo, drawing or mascot render here, paste one, or choose a file. JPEG, PNG and WebP work; images are
            scaled to fit {maxLongEdge} px and stay in this browser.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" size="sm" onClick={open}>
              <ImagePlus aria-hidden className="size-4" /> Choose an image
            </Button>
            <Button size="sm" onClick={() => void addSampleCharacter().then((ferris) => onSelect(ferris.id))}>
              <Sparkles aria-hidden className="size-4" /> Try the sample: Ferris
            </Button>
          </div>
          <p className="text-[13px] leading-relaxed text-muted">New here? Open a finished board first: Ferris in five shots, with framing and dialogue.</p>
          <SampleStoryboardButton size="sm" label="Sample storyboard" onOpened={onSampleOpened} />
        </div>
      ) : null}

      {characters.length > 0 ? <CharacterList what="the cast list" selectedId={selectedId} onSelect={onSelect} onOpenMask={onOpenMask} /> : null}

      {busy.length > 0 ? (
        <p role="status" className="flex items-center gap-2 text-[13px] text-muted">
          <Loader2 aria-hidden className="size-4 animate-spin" /> Adding {busy.length === 1 ? `“${busy[0]}”` : `${busy.length} images`}…
        </p>
      ) : null}

      {isDragActive ? (
        <div className="pointer-events-none absolute inset-2 flex items-center justify-center rounded-xl border-2 border-dashed border-accent bg-surface/80 text-sm font-medium text-accent">
          Drop to add to the cast
        </div>
      ) : null}
    </section>
  );
}

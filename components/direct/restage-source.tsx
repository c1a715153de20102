"use client";
import { clsx } from "clsx";
import { ImageOff, ImagePlus, Loader2 } from "lucide-react";
import { useState } from "react";
import { useDropzone } from "react-dropzone";
import { Field, FieldErrors, useFieldIds } from "@/components/composer/field";
import { Segmented } from "@/components/composer/segmented";
import { Button } from "@/components/ui/button";
import { chosenImage } from "@/lib/board/chosen";
import { keepUploadedSource } from "@/lib/generation/direct";
import type { ImageSource, Panel } from "@/lib/state/panel-schema";
import type { ImageRef } from "@/lib/state/schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";

export interface RestageStart {
  source: ImageSource;
  image: ImageRef;
}

type Choice = "current" | "take" | "upload" | "sketch";

/** A stored image, contained in its box (a layout keeps its whole frame). */
export function StoredImage({ image, alt, className }: { image: ImageRef | undefined; alt: string; className?: string }) {
  const url = useBlobUrl(image?.blobId);
  // eslint-disable-next-line @next/next/no-img-element -- local object URL
  return url ? <img src={url} alt={alt} className={clsx("size-full object-contain", className)} /> : <div className={clsx("size-full animate-pulse bg-canvas", className)} />;
}

function TakeImageOption({ image, label, checked, onPick, name }: { image: ImageRef; label: string; checked: boolean; onPick: () => void; name: string }) {
  return (
    <label className={clsx("relative aspect-video cursor-pointer overflow-hidden rounded-md bg-canvas ring-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent", checked ? "ring-ink" : "ring-transparent hover:ring-line")}>
      <input type="radio" name={name} checked={checked} onChange={onPick} aria-label={label} className="absolute inset-0 opacity-0" />
      <StoredImage image={image} alt="" className="object-cover" />
    </label>
  );
}

/**
 * Where a restage starts: the shot's current image, one of its takes, an uploaded layout or photo
 * (checked and normalised like a character reference), or the shot's sketch when it has one.
 */
type Pick = { takeId: string; imageIndex: number };

/** What the dialog opens on: the variation it was opened from, else the shot's image, its sketch, or an upload. */
export function initialRestage(panel: Panel, from?: Pick): { choice: Choice; pick: Pick | null } {
  const current = chosenImage(panel);
  const pick = from ?? (current ? { takeId: current.take.id, imageIndex: panel.chosen?.imageIndex ?? 0 } : null);
  return { choice: from ? "take" : current?.image ? "current" : panel.sketch ? "sketch" : "upload", pick };
}

export function restageStart(panel: Panel, choice: Choice, pick: Pick | null, upload: RestageStart | null): RestageStart | null {
  if (choice === "current") {
    const current = chosenImage(panel);
    return current?.image ? { source: { kind: "take", takeId: current.take.id, imageIndex: panel.chosen?.imageIndex ?? 0 }, image: current.image } : null;
  }
  if (choice === "take") {
    const image = pick && panel.takes.find((t) => t.id === pick.takeId)?.images[pick.imageIndex];
    return pick && image ? { source: { kind: "take", ...pick }, image } : null;
  }
  if (choice === "sketch") return panel.sketch ? { source: { kind: "sketch" }, image: panel.sketch.image } : null;
  return upload;
}

export function RestageSource({ panel, from, onChange }: { panel: Panel; from?: Pick; onChange: (start: RestageStart | null) => void }) {
  const ids = useFieldIds();
  const current = chosenImage(panel);
  const [initial] = useState(() => initialRestage(panel, from));
  const [choice, setChoice] = useState(initial.choice);
  const [pick, setPick] = useState(initial.pick);
  const [upload, setUpload] = useState<RestageStart | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const choose = (kind: Choice) => {
    setChoice(kind);
    onChange(restageStart(panel, kind, pick, upload));
  };

  const accept = async (files: File[]) => {
    const file = files[0];
    if (!file) return;
    setReading(file.name);
    setUploadError(null);
    try {
      const kept = await keepUploadedSource(file);
      setUpload(kept);
      onChange(kept);
    } catch (error) {
      setUploadError(error instanceof Error ? error.message : `“${file.name}” could not be read. Save it as JPEG, PNG or WebP and try again.`);
    } finally {
      setReading(null);
    }
  };
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    // Judged by its bytes in ingest, not by the name or type the browser guesses.
    onDrop: (accepted, rejected) => void accept([...accepted, ...rejected.map((r) => r.file)]),
    multiple: false,
    noClick: true,
    noKeyboard: true,
  });

  const start = restageStart(panel, choice, pick, upload);
  const options = [
    { value: "current" as const, label: "This shot", disabled: !current?.image },
    { value: "take" as const, label: "A take", disabled: panel.takes.length === 0 },
    { value: "upload" as const, label: "Upload" },
    ...(panel.sketch ? [{ value: "sketch" as const, label: "Sketch" }] : []),
  ];
  return (
    <div className="grid min-w-0 content-start gap-3">
      <Field ids={ids} group label="Start from" errors={[]}>
        <Segmented labelledBy={ids.label} value={choice} options={options} onChange={choose} testId="restage-source" />
      </Field>
      {choice === "take" ? (
        <div role="radiogroup" aria-label="Take to restage" className="grid max-h-56 grid-cols-3 gap-1.5 overflow-y-auto p-0.5">
          {panel.takes.map((take, t) =>
            take.images.map((image, i) => (
              <TakeImageOption
                key={`${take.id}:${i}`}
                name={`${ids.control}-take`}
                image={take.thumbnails[i] ?? image}
                label={take.images.length > 1 ? `Take ${t + 1}, image ${i + 1}` : `Take ${t + 1}`}
                checked={pick?.takeId === take.id && pick.imageIndex === i}
                onPick={() => {
                  const next = { takeId: take.id, imageIndex: i };
                  setPick(next);
                  onChange(restageStart(panel, "take", next, upload));
                }}
              />
            )),
          )}
        </div>
      ) : null}
      {choice === "upload" ? (
        <div
          {...getRootProps({
            className: clsx("grid justify-items-center gap-2 rounded-lg border border-dashed p-4 text-center text-[13px]", isDragActive ? "border-accent bg-accent/5" : "border-line"),
          })}
          data-testid="restage-drop"
        >
          <input {...getInputProps({ "aria-label": "Choose an image to restage" })} />
          <p className="text-muted">{upload ? `Using “${upload.source.kind === "upload" ? upload.source.fileName : ""}”.` : "Drop a layout, sketch or photo here."} JPEG, PNG or WebP.</p>
          <Button size="sm" onClick={open} disabled={!!reading}>
            {reading ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <ImagePlus aria-hidden className="size-4" />}
            {reading ? "Preparing…" : upload ? "Choose another" : "Choose a file"}
          </Button>
          {reading ? <p role="status" className="sr-only">Preparing “{reading}”…</p> : null}
          <FieldErrors id={`${ids.control}-upload`} errors={uploadError ? [uploadError] : []} />
        </div>
      ) : null}
      <figure className="grid gap-1.5">
        <div className="relative grid aspect-video place-items-center overflow-hidden rounded-lg bg-canvas ring-1 ring-line" data-testid="restage-preview">
          {start ? (
            <StoredImage image={start.image} alt="The image to restage" />
          ) : (
            <span className="flex flex-col items-center gap-1.5 px-4 text-center text-[13px] text-muted">
              <ImageOff aria-hidden className="size-5" />
              {choice === "upload" ? "No image yet: drop or choose one." : "Choose an image to restage."}
            </span>
          )}
        </div>
        {start ? (
          <figcaption className="text-xs text-muted">
            {start.image.width} × {start.image.height} px
          </figcaption>
        ) : null}
      </figure>
    </div>
  );
}

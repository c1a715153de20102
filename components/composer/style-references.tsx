"use client";
import { ImagePlus, Loader2, X } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { LIMITS } from "@/lib/fal/schema";
import { formatBytes } from "@/lib/format-bytes";
import { addStyleReferences, STYLE_REFERENCE_LONG_EDGE } from "@/lib/generation/add-style-references";
import type { ImageRef } from "@/lib/state/schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import { FieldErrors, LABEL_CLASS, useFieldIds } from "./field";
import type { ComposerModel } from "./use-composer";

export function StyleReferences({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const references = model.settings.styleReferences;
  const [adding, setAdding] = useState(0);
  const [refusals, setRefusals] = useState<string[]>([]);
  const picker = useRef<HTMLInputElement | null>(null);
  const totalBytes = references.reduce((sum, r) => sum + r.bytes, 0);
  const errors = [...refusals, ...model.errors("styleReferences")];
  const full = references.length >= LIMITS.styleReferenceImages;

  const add = async (files: File[]) => {
    setRefusals([]);
    setAdding(files.length);
    const refused = await addStyleReferences(model.panelId, files, {
      save: (styleReferences) => model.setSettings({ styleReferences }, "styleReferences"),
      onFileDone: () => setAdding((n) => n - 1),
    });
    setRefusals(refused);
  };

  // A detached input: the page keeps exactly one file input in the DOM (the cast's), and a picker
  // opened this way behaves the same for people and for tests (filechooser event).
  const choose = () => {
    const input = document.createElement("input");
    input.type = "file";
    input.multiple = true;
    input.accept = "image/jpeg,image/png,image/webp";
    input.addEventListener("change", () => {
      picker.current = null;
      void add([...(input.files ?? [])]);
    });
    picker.current = input;
    input.click();
  };

  return (
    <div className="grid min-w-0 gap-1.5" role="group" aria-labelledby={ids.label} data-testid="style-references">
      <div className="flex min-h-8 items-center justify-between gap-2">
        <span id={ids.label} className={LABEL_CLASS}>
          Style references
        </span>
        <span className="text-xs text-muted tabular-nums" data-testid="style-reference-total">
          {formatBytes(totalBytes)} of {formatBytes(LIMITS.styleReferenceTotalBytes)}
        </span>
      </div>
      {references.length > 0 ? (
        <ul className="grid grid-cols-4 gap-2" aria-label="Style reference images">
          {references.map((ref, index) => (
            <Thumbnail
              key={ref.blobId}
              image={ref}
              index={index}
              onRemove={() => model.setSettings({ styleReferences: references.filter((r) => r.blobId !== ref.blobId) }, "styleReferences")}
            />
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button size="sm" onClick={choose} disabled={full || adding > 0} aria-describedby={ids.hint}>
          {adding > 0 ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <ImagePlus aria-hidden className="size-4" />}
          Add style images
        </Button>
        <span className="text-xs text-muted" role="status">
          {adding > 0 ? `Adding ${adding} image${adding === 1 ? "" : "s"}…` : `${references.length} of ${LIMITS.styleReferenceImages}`}
        </span>
      </div>
      {errors.length > 0 ? (
        <div role="alert">
          <FieldErrors id={ids.error} errors={errors} />
        </div>
      ) : null}
      <p id={ids.hint} className="text-xs leading-snug text-muted">
        Images whose look (colour, texture, rendering) the panel should follow, not its content. JPEG, PNG or WebP, scaled to{" "}
        {STYLE_REFERENCE_LONG_EDGE} px.
      </p>
    </div>
  );
}

function Thumbnail({ image, index, onRemove }: { image: ImageRef; index: number; onRemove: () => void }) {
  const url = useBlobUrl(image.blobId);
  return (
    <li className="relative aspect-square overflow-hidden rounded-md bg-canvas ring-1 ring-line">
      {url ? (
        // eslint-disable-next-line @next/next/no-img-element -- a local object URL, nothing for next/image to optimise
        <img src={url} alt={`Style reference ${index + 1}`} className="size-full object-cover" />
      ) : null}
      <button
        type="button"
        aria-label={`Remove style reference ${index + 1}`}
        title={`${image.width}×${image.height} · ${formatBytes(image.bytes)}`}
        onClick={onRemove}
        className="absolute top-1 right-1 grid size-6 place-items-center rounded-full bg-ink/75 text-white hover:bg-ink"
      >
        <X aria-hidden className="size-3.5" />
      </button>
    </li>
  );
}

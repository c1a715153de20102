"use client";
import { clsx } from "clsx";
import { formatUsd, pricePerImageUsd } from "@/lib/fal/pricing";
import { LIMITS, RENDERING_SPEEDS, type RenderingSpeed } from "@/lib/fal/schema";
import { FieldErrors, Field, LABEL_CLASS, useFieldIds } from "./field";
import { Segmented } from "./segmented";
import type { ComposerModel } from "./use-composer";

const SPEED_LABELS: Record<RenderingSpeed, string> = { TURBO: "Turbo", BALANCED: "Balanced", QUALITY: "Quality" };

export function SpeedField({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const errors = model.errors("renderingSpeed");
  return (
    <Field ids={ids} group label="Rendering speed" errors={errors} hint="Price per image on fal. Quality takes longest.">
      <Segmented
        labelledBy={ids.label}
        describedBy={errors.length > 0 ? ids.error : ids.hint}
        invalid={errors.length > 0}
        value={model.settings.renderingSpeed}
        options={RENDERING_SPEEDS.map((speed) => {
          const price = formatUsd(pricePerImageUsd(speed, model.endpoint));
          return { value: speed, label: SPEED_LABELS[speed], detail: price, ariaLabel: `${SPEED_LABELS[speed]} · ${price}` };
        })}
        onChange={(renderingSpeed) => model.setSettings({ renderingSpeed }, "renderingSpeed")}
        testId="rendering-speed"
      />
    </Field>
  );
}

const COUNTS = Array.from({ length: LIMITS.numImages.max - LIMITS.numImages.min + 1 }, (_, i) => String(LIMITS.numImages.min + i));

export function NumImagesField({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const errors = model.errors("numImages");
  const n = model.settings.numImages;
  return (
    <Field ids={ids} group label="Number of images" errors={errors} hint={n === 1 ? "One image per take." : `${n} variations per take, billed per image.`}>
      <Segmented
        labelledBy={ids.label}
        describedBy={errors.length > 0 ? ids.error : ids.hint}
        invalid={errors.length > 0}
        value={String(n)}
        options={COUNTS.map((value) => ({ value, label: value }))}
        onChange={(value) => model.setSettings({ numImages: Number(value) }, "numImages")}
        testId="num-images"
      />
    </Field>
  );
}

export function MagicPromptSwitch({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const errors = model.errors("expandPrompt");
  const on = model.settings.expandPrompt;
  return (
    <div className="grid gap-1.5">
      <div className="flex items-start justify-between gap-4">
        <div className="grid gap-0.5">
          <label id={ids.label} htmlFor={ids.control} className={LABEL_CLASS}>
            MagicPrompt
          </label>
          <p id={ids.hint} className="text-xs leading-snug text-muted">
            Ideogram rewrites the prompt with more detail first. Turn off to keep your exact wording.
          </p>
        </div>
        <button
          id={ids.control}
          type="button"
          role="switch"
          aria-checked={on}
          aria-describedby={[ids.hint, errors.length > 0 ? ids.error : null].filter(Boolean).join(" ")}
          aria-invalid={errors.length > 0 || undefined}
          onClick={() => model.setSettings({ expandPrompt: !on }, "expandPrompt")}
          className={clsx("relative mt-0.5 inline-flex h-6 w-10 shrink-0 items-center rounded-full transition-colors", on ? "bg-ink" : "bg-line")}
        >
          <span
            aria-hidden
            className={clsx("inline-block size-5 rounded-full bg-surface shadow transition-transform", on ? "translate-x-[18px]" : "translate-x-0.5")}
          />
        </button>
      </div>
      <FieldErrors id={ids.error} errors={errors} />
    </div>
  );
}

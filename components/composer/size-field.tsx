"use client";
import { IMAGE_SIZE_PRESETS, IMAGE_SIZE_PRESET_NAMES, LIMITS, type ImageSizePreset } from "@/lib/fal/schema";
import { describe, FieldErrors, INPUT_CLASS, LABEL_CLASS, useFieldIds, Field } from "./field";
import { useDraftNumber } from "./use-draft-number";
import type { ComposerModel } from "./use-composer";

const PRESET_LABELS: Record<ImageSizePreset, string> = {
  square_hd: "Square HD",
  square: "Square",
  portrait_4_3: "Portrait 4:3",
  portrait_16_9: "Portrait 16:9",
  landscape_4_3: "Landscape 4:3",
  landscape_16_9: "Landscape 16:9",
};

export function presetLabel(preset: ImageSizePreset): string {
  const { width, height } = IMAGE_SIZE_PRESETS[preset];
  return `${PRESET_LABELS[preset]} · ${width}×${height}`;
}

const CUSTOM = "custom";

export function SizeField({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const errors = model.errors("imageSize");
  const size = model.settings.imageSize;
  const current = size.kind === "preset" ? IMAGE_SIZE_PRESETS[size.preset] : size;

  const choose = (value: string) => {
    if (value === CUSTOM) {
      // Starting from the size on screen keeps "Custom…" from changing anything until edited.
      model.setSettings({ imageSize: { kind: "custom", width: current.width, height: current.height } }, "imageSize");
    } else {
      model.setSettings({ imageSize: { kind: "preset", preset: value as ImageSizePreset } }, "imageSize");
    }
  };

  return (
    <Field
      ids={ids}
      label="Image size"
      errors={errors}
      hint={size.kind === "custom" ? `Each side ${LIMITS.customSide.min}–${LIMITS.customSide.max} px.` : undefined}
    >
      <select
        id={ids.control}
        value={size.kind === "preset" ? size.preset : CUSTOM}
        onChange={(e) => choose(e.target.value)}
        className={`${INPUT_CLASS} px-2`}
        {...describe(ids, errors, size.kind === "custom")}
      >
        {IMAGE_SIZE_PRESET_NAMES.map((preset) => (
          <option key={preset} value={preset}>
            {presetLabel(preset)}
          </option>
        ))}
        <option value={CUSTOM}>Custom…</option>
      </select>
      {size.kind === "custom" ? (
        <div className="grid grid-cols-2 gap-3" data-testid="custom-size">
          <SideInput
            label="Width"
            value={size.width}
            onCommit={(width) => model.setSettings({ imageSize: { ...size, width } }, "imageSize")}
          />
          <SideInput
            label="Height"
            value={size.height}
            onCommit={(height) => model.setSettings({ imageSize: { ...size, height } }, "imageSize")}
          />
        </div>
      ) : null}
    </Field>
  );
}

function SideInput({ label, value, onCommit }: { label: "Width" | "Height"; value: number; onCommit: (value: number) => void }) {
  const ids = useFieldIds();
  const { error, inputProps } = useDraftNumber({ value, ...LIMITS.customSide, label: label.toLowerCase(), onCommit });
  const errors = error ? [error] : [];
  return (
    <div className="grid min-w-0 content-start gap-1.5">
      <label htmlFor={ids.control} className={LABEL_CLASS}>
        {label}
      </label>
      <div className="relative">
        <input id={ids.control} {...inputProps} className={`${INPUT_CLASS} pr-9 tabular-nums`} {...describe(ids, errors, false)} />
        <span aria-hidden className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-muted">
          px
        </span>
      </div>
      <FieldErrors id={ids.error} errors={errors} />
    </div>
  );
}

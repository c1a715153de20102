"use client";
import { STYLES, type Style } from "@/lib/fal/schema";
import { Field, useFieldIds } from "./field";
import { Segmented } from "./segmented";
import { StyleCodeInput } from "./style-code-input";
import { StyleReferences } from "./style-references";
import type { ComposerModel } from "./use-composer";

const STYLE_LABELS: Record<Style, string> = { AUTO: "Auto", REALISTIC: "Realistic", FICTION: "Fiction" };

/**
 * The everyday style choice. With style codes in use no style is selected (the endpoint takes
 * one or the other); picking a style here switches back, so the two can never be sent together.
 */
export function StyleField({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const errors = model.errors("style");
  const { styleMode, style } = model.settings;
  return (
    <Field
      ids={ids}
      group
      label="Style"
      errors={errors}
      hint={
        styleMode === "codes"
          ? "Style codes are in use (Advanced). Pick a style to use it instead."
          : "Auto lets Ideogram choose; Fiction suits illustration, comics and 3D."
      }
    >
      <Segmented
        labelledBy={ids.label}
        describedBy={errors.length > 0 ? ids.error : ids.hint}
        invalid={errors.length > 0}
        value={styleMode === "style" ? style : null}
        options={STYLES.map((value) => ({ value, label: STYLE_LABELS[value] }))}
        onChange={(value) => model.setSettings({ styleMode: "style", style: value }, "style")}
        testId="style"
      />
    </Field>
  );
}

/** Where the look comes from besides the prompt: reference images with the style, or style codes instead. */
export function StyleSourceSection({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const { styleMode, styleCodes, styleReferences } = model.settings;
  const kept = styleReferences.length;
  return (
    <div className="grid min-w-0 gap-4">
      <Field ids={ids} group label="Style mode" errors={[]}>
        <Segmented
          labelledBy={ids.label}
          describedBy={ids.hint}
          value={styleMode}
          options={[
            { value: "style", label: "Style" },
            // Not "Style codes": that is the chip input's label, and one label should find one control.
            { value: "codes", label: "Codes" },
          ]}
          onChange={(mode) => model.setSettings({ styleMode: mode }, mode === "codes" ? "styleCodes" : "style")}
          testId="style-mode"
        />
        <p id={ids.hint} className="text-xs leading-snug text-muted">
          {styleMode === "codes"
            ? `Style codes replace the style and the style references: the endpoint refuses them together, so they are not sent.${
                kept > 0 ? ` Your ${kept} style image${kept === 1 ? " is" : "s are"} kept for when you switch back.` : ""
              }`
            : "A style plus optional reference images. Or use style codes, copied from Ideogram, to repeat an exact look."}
        </p>
      </Field>
      {styleMode === "style" ? (
        <StyleReferences model={model} />
      ) : (
        <StyleCodeInput
          codes={styleCodes}
          errors={model.errors("styleCodes")}
          describedBy={ids.hint}
          onChange={(codes) => model.setSettings({ styleCodes: codes }, "styleCodes")}
        />
      )}
    </div>
  );
}

"use client";
import * as Slider from "@radix-ui/react-slider";
import { Field, useFieldIds } from "@/components/composer/field";
import { formatStrength, strengthWords } from "@/lib/board/take-origin";
import { LIMITS } from "@/lib/fal/schema";

/** How much of the starting image a restage keeps, with what that means in words beside the number. */
export function StrengthField({ value, onChange, errors }: { value: number; onChange: (value: number) => void; errors: readonly string[] }) {
  const ids = useFieldIds();
  const words = strengthWords(value);
  return (
    <Field
      ids={ids}
      group
      label="Strength"
      errors={errors}
      action={
        <span className="text-[13px] tabular-nums" data-testid="strength-value">
          {formatStrength(value)}
        </span>
      }
      hint={`${words}. Higher keeps more of the image; lower lets the prompt change more.`}
    >
      <Slider.Root
        className="relative flex h-8 w-full touch-none items-center select-none"
        value={[value]}
        min={LIMITS.strength.min}
        max={LIMITS.strength.max}
        step={0.01}
        onValueChange={([v]) => v !== undefined && onChange(Math.round(v * 100) / 100)}
      >
        <Slider.Track className="relative h-1.5 grow rounded-full bg-line">
          <Slider.Range className="absolute h-full rounded-full bg-ink" />
        </Slider.Track>
        <Slider.Thumb
          aria-labelledby={ids.label}
          aria-describedby={errors.length > 0 ? ids.error : ids.hint}
          aria-valuetext={`${formatStrength(value)}: ${words}`}
          className="block size-5 rounded-full bg-surface shadow ring-2 ring-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        />
      </Slider.Root>
      <div aria-hidden className="flex justify-between text-[11px] text-muted">
        <span>Loosely inspired</span>
        <span>Keeps the layout</span>
      </div>
    </Field>
  );
}

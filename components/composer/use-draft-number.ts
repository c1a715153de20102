"use client";
import { useState, type ChangeEvent } from "react";

/**
 * A number field that lets people type freely (clear it, pass through "2" on the way to "2048")
 * while only valid values reach the store: the store is persisted and re-validated on load, so
 * an out-of-range number there would cost the whole panel. Out-of-range input is clamped on blur.
 */
export function useDraftNumber({
  value,
  min,
  max,
  label,
  onCommit,
}: {
  value: number;
  min: number;
  max: number;
  label: string;
  onCommit: (value: number) => void;
}) {
  // null: not editing, show the stored value (which may change underneath, e.g. on "Reuse seed").
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const parsed = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  const range = `${min.toLocaleString("en")}–${max.toLocaleString("en")}`;
  const error =
    draft === null
      ? null
      : text.trim() === ""
        ? `Enter a ${label} (${range})`
        : Number.isNaN(parsed)
          ? `The ${label} is a whole number (${range})`
          : parsed < min || parsed > max
            ? `The ${label} must be ${range}`
            : null;

  return {
    error,
    inputProps: {
      type: "text" as const,
      inputMode: "numeric" as const,
      autoComplete: "off",
      value: text,
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        const next = e.target.value;
        setDraft(next);
        if (/^\s*\d+\s*$/.test(next)) {
          const n = Number(next);
          if (n >= min && n <= max) onCommit(n);
        }
      },
      onBlur: () => {
        if (!Number.isNaN(parsed)) {
          const clamped = Math.min(max, Math.max(min, parsed));
          if (clamped !== value) onCommit(clamped);
        }
        setDraft(null);
      },
    },
  };
}

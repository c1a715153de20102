"use client";
import { useState, type ChangeEvent } from "react";
import { SHOT_LIMITS } from "@/lib/state/panel-schema";

const { min, max } = SHOT_LIMITS.duration;

/** What is wrong with a typed shot length, or null when it can be kept. */
export function durationError(text: string): string | null {
  if (text.trim() === "") return `Enter how long the shot lasts: ${min} to ${max} seconds.`;
  const value = Number(text);
  if (!Number.isFinite(value)) return `The length is a number of seconds, ${min} to ${max}.`;
  if (value <= 0) return `A shot cannot last ${value} seconds: the animatic needs at least ${min} s. Enter ${min} to ${max}.`;
  if (value < min || value > max) return `A shot lasts ${min} to ${max} seconds; ${value} is out of range.`;
  return null;
}

/**
 * The shot's Seconds field: typed freely, saved only when valid (the animatic's timing and every
 * export read it), and saying what is wrong otherwise. Leaving the field shows the kept length again.
 */
export function useDurationDraft(value: number, onCommit: (value: number) => void) {
  const [draft, setDraft] = useState<string | null>(null);
  const error = draft === null ? null : durationError(draft);
  return {
    error,
    inputProps: {
      value: draft ?? String(value),
      "aria-invalid": error ? (true as const) : undefined,
      onChange: (e: ChangeEvent<HTMLInputElement>) => {
        setDraft(e.target.value);
        if (!durationError(e.target.value)) onCommit(Number(e.target.value));
      },
      onBlur: () => setDraft(null),
    },
  };
}

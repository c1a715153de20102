"use client";
import { clsx } from "clsx";
import { useId, type ReactNode } from "react";

export interface SegmentedOption<T extends string> {
  value: T;
  label: ReactNode;
  /** A second, quieter line (e.g. a price). */
  detail?: ReactNode;
  /** Needed when the label and detail together would not read well as a name. */
  ariaLabel?: string;
  disabled?: boolean;
}

/**
 * A segmented control made of native radios: arrow keys move and select as people expect,
 * the checked one is the tab stop, and nothing checked (value null) is a valid state.
 */
export function Segmented<T extends string>({
  labelledBy,
  describedBy,
  invalid,
  value,
  options,
  onChange,
  columns,
  disabled,
  testId,
}: {
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  value: T | null;
  options: readonly SegmentedOption<T>[];
  onChange: (value: T) => void;
  /** Defaults to one row with equal segments. */
  columns?: number;
  disabled?: boolean;
  testId?: string;
}) {
  const name = useId();
  return (
    <div
      role="radiogroup"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      data-testid={testId}
      className="grid gap-1 rounded-lg bg-canvas p-1 ring-1 ring-line"
      style={{ gridTemplateColumns: `repeat(${columns ?? options.length}, minmax(0, 1fr))` }}
    >
      {options.map((option) => {
        const checked = option.value === value;
        const off = disabled || option.disabled;
        return (
          <label
            key={option.value}
            className={clsx(
              "relative flex min-w-0 flex-col items-center justify-center rounded-md px-1.5 text-center text-[13px] leading-tight transition-colors select-none",
              option.detail ? "min-h-11 py-1" : "min-h-8",
              // The radio itself is invisible; its focus ring is drawn on the segment.
              "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-accent",
              checked ? "bg-surface font-medium text-ink shadow-sm ring-1 ring-line" : "text-muted hover:text-ink",
              off ? "cursor-not-allowed opacity-50" : "cursor-pointer",
            )}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={checked}
              disabled={off}
              aria-label={option.ariaLabel}
              onChange={() => onChange(option.value)}
              className="absolute inset-0 size-full cursor-[inherit] opacity-0"
            />
            <span className="max-w-full truncate">{option.label}</span>
            {option.detail ? <span className="max-w-full truncate text-[11px] font-normal text-muted">{option.detail}</span> : null}
          </label>
        );
      })}
    </div>
  );
}

"use client";
import { clsx } from "clsx";
import { CircleAlert } from "lucide-react";
import { useId, type ReactNode } from "react";

/** The look shared with the cast and settings forms, so the composer reads as the same app. */
export const INPUT_CLASS =
  "h-9 w-full min-w-0 rounded-md border border-line bg-surface px-3 text-sm aria-[invalid=true]:border-red-600 disabled:bg-canvas disabled:text-muted";
export const TEXTAREA_CLASS =
  "w-full min-w-0 resize-y rounded-md border border-line bg-surface px-3 py-2 text-sm leading-relaxed aria-[invalid=true]:border-red-600";
export const LABEL_CLASS = "text-[13px] font-medium";

export interface FieldIds {
  control: string;
  label: string;
  hint: string;
  error: string;
}

export function useFieldIds(): FieldIds {
  const id = useId();
  return { control: `${id}c`, label: `${id}l`, hint: `${id}h`, error: `${id}e` };
}

/**
 * Props that tie a control to its messages. The hint and the errors share one slot (see Field),
 * so only the one on screen is referenced.
 */
export function describe(ids: FieldIds, errors: readonly string[], hasHint: boolean, extra?: string) {
  const describedBy = [errors.length > 0 ? ids.error : hasHint ? ids.hint : null, extra].filter(Boolean).join(" ");
  return {
    "aria-invalid": errors.length > 0 ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
}

export function FieldErrors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="grid gap-0.5">
      {errors.map((message) => (
        <p key={message} className="flex items-start gap-1.5 text-xs leading-snug text-red-700">
          <CircleAlert aria-hidden className="mt-px size-3.5 shrink-0" />
          <span>{message}</span>
        </p>
      ))}
    </div>
  );
}

/**
 * A label, its control and one line under it. An error takes the hint's place rather than
 * adding a line, so the form does not shift as messages come and go while typing.
 */
export function Field({
  ids,
  label,
  group = false,
  action,
  hint,
  errors,
  children,
  className,
}: {
  ids: FieldIds;
  label: ReactNode;
  /** Groups (radios, chips) are named by aria-labelledby; single controls by <label htmlFor>. */
  group?: boolean;
  action?: ReactNode;
  hint?: ReactNode;
  errors: readonly string[];
  children: ReactNode;
  className?: string;
}) {
  const labelNode = group ? (
    <span id={ids.label} className={LABEL_CLASS}>
      {label}
    </span>
  ) : (
    <label id={ids.label} htmlFor={ids.control} className={LABEL_CLASS}>
      {label}
    </label>
  );
  return (
    <div className={clsx("grid min-w-0 grid-cols-1 gap-1.5", className)}>
      {action ? (
        <div className="flex min-h-8 items-center justify-between gap-2">
          {labelNode}
          {action}
        </div>
      ) : (
        labelNode
      )}
      {children}
      {errors.length > 0 ? (
        <FieldErrors id={ids.error} errors={errors} />
      ) : hint ? (
        <p id={ids.hint} className="text-xs leading-snug text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

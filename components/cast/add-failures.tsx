"use client";
import { AlertTriangle, X } from "lucide-react";
import type { AddFailure } from "@/lib/cast/add-character";

export function AddFailures({ failures, onDismiss }: { failures: AddFailure[]; onDismiss: () => void }) {
  if (failures.length === 0) return null;
  return (
    <div role="alert" className="flex gap-2 rounded-lg bg-red-50 p-3 text-[13px] text-red-900 ring-1 ring-red-200">
      <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
      <ul className="flex min-w-0 flex-1 flex-col gap-1.5">
        {failures.map((failure, i) => (
          <li key={`${failure.fileName}-${i}`} data-testid="add-failure">
            {failure.message}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss} aria-label="Dismiss these messages" className="size-6 shrink-0 rounded hover:bg-red-100">
        <X aria-hidden className="mx-auto size-4" />
      </button>
    </div>
  );
}

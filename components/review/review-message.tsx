import type { ReactNode } from "react";

/** A calm full-page message for when the board cannot be shown: what happened and what to do. */
export function ReviewMessage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-3 px-6 py-12">
      <p className="text-xs font-medium tracking-wide text-muted uppercase">Storyboard review</p>
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="flex flex-col gap-2 text-sm leading-relaxed text-muted">{children}</div>
    </main>
  );
}

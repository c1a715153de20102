"use client";
import { useEffect, useId, useRef, type FormEvent } from "react";
import { Button } from "@/components/ui/button";

/**
 * Asks the reviewer's name once, the first time they comment or choose a status (or when they
 * change it): a native modal dialog, so focus, Escape and the page behind are the browser's job.
 */
export function NameDialog({ current, onDone }: { current: string | null; onDone: (name: string | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const ids = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = new FormData(event.currentTarget).get("name");
    if (typeof name === "string" && name.trim()) onDone(name);
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${ids}-title`}
      onClose={() => onDone(null)}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-xl bg-surface p-5 text-ink shadow-xl ring-1 ring-line backdrop:bg-black/30"
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h2 id={`${ids}-title`} className="text-base font-semibold">
            Your name
          </h2>
          <p className="text-sm text-muted">The author sees it beside your comments and approvals. This browser remembers it for next time.</p>
        </div>
        <label className="flex flex-col gap-1.5 text-sm font-medium">
          Name
          <input
            name="name"
            required
            maxLength={80}
            autoComplete="name"
            defaultValue={current ?? ""}
            autoFocus
            className="rounded-md bg-surface px-3 py-2 text-sm font-normal ring-1 ring-line focus:ring-2 focus:ring-accent/40 focus:outline-none"
          />
        </label>
        <div className="flex justify-end gap-2">
          <Button onClick={() => ref.current?.close()}>Cancel</Button>
          <Button type="submit" variant="primary">
            Continue
          </Button>
        </div>
      </form>
    </dialog>
  );
}

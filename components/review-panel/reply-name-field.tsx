"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useReplyName } from "./reply-name";

/** The name replies go out under: asked for before the first reply, then shown with a way to change it. */
export function ReplyNameField() {
  const [name, setName] = useReplyName();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  if (name && !editing) {
    return (
      <p className="text-xs text-muted">
        Replying as <span className="font-medium text-ink">{name}</span>{" "}
        <button type="button" className="underline hover:text-ink" onClick={() => (setDraft(name), setEditing(true))}>
          Change
        </button>
      </p>
    );
  }
  const save = () => {
    if (!draft.trim()) return;
    setName(draft);
    setEditing(false);
  };
  return (
    <form
      className="flex flex-col gap-1.5 rounded-lg bg-canvas p-2.5 ring-1 ring-line"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <label htmlFor="review-reply-name" className="text-xs font-medium">
        Your name on replies
      </label>
      <div className="flex gap-2">
        <input id="review-reply-name" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={80} placeholder="e.g. Sam (director)" className="h-8 min-w-0 flex-1 rounded-md border border-line bg-surface px-2 text-[13px]" />
        <Button size="sm" type="submit" disabled={!draft.trim()}>
          Save
        </Button>
      </div>
      <p className="text-[11px] text-muted">Reviewers see it beside your replies. Kept in this browser.</p>
    </form>
  );
}

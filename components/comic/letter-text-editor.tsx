"use client";
import { useEffect, useRef, useState } from "react";
import { COMIC_FONTS, cssFontFamily } from "@/lib/comic/comic-fonts";
import { COMIC_LIMITS } from "@/lib/comic/comic-schema";
import type { LetterShape } from "@/lib/comic/letter-layout";

/**
 * The words of one letter typed in place, over its balloon, in its own face: Enter keeps them
 * (Shift+Enter for a new line), Escape leaves them as they were, and clicking elsewhere keeps
 * the change, as the app's other fields do.
 */
export function LetterTextEditor({ shape, text, scale, onCommit, onClose }: { shape: LetterShape; text: string; scale: number; onCommit(text: string): void; onClose(byKeyboard: boolean): void }) {
  const [draft, setDraft] = useState(text);
  const done = useRef(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const finish = (keep: boolean, byKeyboard: boolean) => {
    if (done.current) return;
    done.current = true;
    if (keep && draft !== text) onCommit(draft);
    onClose(byKeyboard);
  };
  const width = Math.max(shape.bounds.width, shape.fontSize * 10) * scale;
  const height = Math.max(shape.bounds.height, shape.fontSize * 3) * scale;
  return (
    <textarea
      ref={field}
      aria-label="Lettering text"
      value={draft}
      maxLength={COMIC_LIMITS.letterText}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => finish(true, false)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") finish(false, true);
        else if (e.key === "Enter" && !e.shiftKey) {
          e.preventDefault();
          finish(true, true);
        }
      }}
      className="absolute z-10 resize-none rounded-md bg-white/95 p-1.5 text-center text-ink shadow-lg ring-2 ring-blue-600 outline-none"
      style={{
        left: shape.center.x * scale - width / 2,
        top: shape.center.y * scale - height / 2,
        width,
        height,
        fontFamily: cssFontFamily(shape.font),
        fontWeight: COMIC_FONTS[shape.font].weight,
        fontSize: Math.max(12, shape.fontSize * scale),
        lineHeight: 1.15,
        pointerEvents: "auto",
      }}
    />
  );
}

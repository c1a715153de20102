"use client";
import { X } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";
import { LIMITS, STYLE_CODE_PATTERN } from "@/lib/fal/schema";
import { FieldErrors, LABEL_CLASS, useFieldIds } from "./field";

const SEPARATORS = /[\s,]+/;
const tokensOf = (text: string) => text.split(SEPARATORS).filter(Boolean);

/** Why a token cannot be added, judged as soon as it is typed; null when it can (or may yet) be. */
function problemWith(token: string, existing: readonly string[], complete: boolean): string | null {
  if (/[^0-9a-f]/i.test(token)) return `“${token}” is not a style code: use only 0–9 and A–F`;
  if (token.length > 8) return `“${token}” is too long: a style code has exactly 8 characters`;
  if (existing.some((code) => code.toLowerCase() === token.toLowerCase())) return `${token} is already added`;
  if (complete && !STYLE_CODE_PATTERN.test(token)) return `“${token}” was not added: a style code has 8 characters, this has ${token.length}`;
  return null;
}

/**
 * Chips for style codes. Only valid codes ever reach the list (and so the request): anything
 * else stays in the box with the reason under it, so a typo can be fixed rather than retyped.
 */
export function StyleCodeInput({
  codes,
  onChange,
  errors,
  describedBy,
}: {
  codes: readonly string[];
  onChange: (codes: string[]) => void;
  errors: readonly string[];
  /** The explanation of what style codes replace. */
  describedBy: string;
}) {
  const ids = useFieldIds();
  const inputRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState("");
  // An unfinished code is fine while typing; it becomes an error once the person tries to add it or leaves.
  const [attempted, setAttempted] = useState(false);
  const full = codes.length >= LIMITS.styleCodes;

  const tokens = tokensOf(draft);
  const local =
    tokens.length === 0
      ? null
      : full
        ? `At most ${LIMITS.styleCodes} style codes; remove one to add another`
        : (tokens.map((t, i) => problemWith(t, [...codes, ...tokens.slice(0, i)], attempted)).find(Boolean) ?? null);
  const shown = [...(local ? [local] : []), ...errors];

  /** Adds every valid complete token; returns what could not be added. */
  const addTokens = (candidates: string[]): string[] => {
    const added: string[] = [];
    const rejected: string[] = [];
    for (const token of candidates) {
      const room = codes.length + added.length < LIMITS.styleCodes;
      if (room && problemWith(token, [...codes, ...added], true) === null) added.push(token);
      else rejected.push(token);
    }
    if (added.length > 0) onChange([...codes, ...added]);
    return rejected;
  };

  const commit = () => {
    const rejected = addTokens(tokensOf(draft));
    setDraft(rejected.join(" "));
    setAttempted(rejected.length > 0);
  };

  const onInput = (value: string) => {
    // Typing or pasting a separator finishes the codes before it ("a1b2c3d4, 0f0f0f0f" adds two).
    const parts = value.split(SEPARATORS);
    if (parts.length > 1) {
      const rest = parts.pop() ?? "";
      const rejected = addTokens(parts.filter(Boolean));
      setDraft([...rejected, rest].join(" "));
      setAttempted(rejected.length > 0);
      return;
    }
    setDraft(value);
    setAttempted(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit();
    } else if (event.key === "Backspace" && draft === "" && codes.length > 0) {
      event.preventDefault();
      onChange(codes.slice(0, -1));
    }
  };

  return (
    <div className="grid min-w-0 gap-1.5">
      <label htmlFor={ids.control} className={LABEL_CLASS}>
        Style codes
      </label>
      {/* Clicking anywhere in the box types into it, as in any chip field. */}
      <div
        onMouseDown={(e) => {
          if (e.target === e.currentTarget) {
            e.preventDefault();
            inputRef.current?.focus();
          }
        }}
        className="flex min-h-9 cursor-text flex-wrap items-center gap-1.5 rounded-md border border-line bg-surface px-1.5 py-1 has-[input:focus-visible]:outline-2 has-[input:focus-visible]:outline-offset-2 has-[input:focus-visible]:outline-accent has-[input[aria-invalid=true]]:border-red-600"
      >
        {codes.length > 0 ? (
          <ul aria-label="Codes added" className="contents">
            {codes.map((code) => (
              <li key={code} className="flex h-7 items-center gap-0.5 rounded bg-canvas pl-2 font-mono text-xs ring-1 ring-line">
                {code}
                <button
                  type="button"
                  aria-label={`Remove style code ${code}`}
                  onClick={() => {
                    onChange(codes.filter((c) => c !== code));
                    inputRef.current?.focus();
                  }}
                  className="grid size-7 place-items-center rounded text-muted hover:bg-black/5 hover:text-ink"
                >
                  <X aria-hidden className="size-3.5" />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          ref={inputRef}
          id={ids.control}
          value={draft}
          onChange={(e) => onInput(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (draft.trim()) commit();
          }}
          placeholder={codes.length === 0 ? "e.g. 1A2B3C4D" : full ? "" : "Add another"}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={shown.length > 0 || undefined}
          aria-describedby={[shown.length > 0 ? ids.error : null, describedBy].filter(Boolean).join(" ")}
          className="h-7 min-w-[9ch] flex-1 bg-transparent px-1.5 font-mono text-sm"
          // The box draws the focus ring; inline, because the global :focus-visible rule outranks utilities.
          style={{ outline: "none" }}
        />
      </div>
      <FieldErrors id={ids.error} errors={shown} />
      <p className="text-xs text-muted">
        Enter or comma adds a code; Backspace in the empty box removes the last. {codes.length} of {LIMITS.styleCodes}.
      </p>
    </div>
  );
}

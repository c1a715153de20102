"use client";
import { ListPlus } from "lucide-react";
import type { KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { LIMITS } from "@/lib/fal/schema";
import type { Character } from "@/lib/state/schema";
import { describe, Field, INPUT_CLASS, TEXTAREA_CLASS, useFieldIds } from "./field";
import type { ComposerModel } from "./use-composer";

/** Appends notes as a new sentence, so traits never run into the last word of the scene. */
export function appendTraits(prompt: string, notes: string): string {
  const head = prompt.trimEnd();
  const traits = notes.trim();
  if (!head) return traits;
  return /[.!?;:,]$/.test(head) ? `${head} ${traits}` : `${head}. ${traits}`;
}

export function CharacterField({ model, characters }: { model: ComposerModel; characters: readonly Character[] }) {
  const ids = useFieldIds();
  const errors = model.errors("character");
  const selected = characters.find((c) => c.id === model.recipe.characterId);
  const hint = selected
    ? selected.mask
      ? "Its mask marks the character in the reference."
      : "No mask: the whole reference image is used."
    : undefined;
  return (
    <Field ids={ids} label="Character" hint={hint} errors={errors}>
      <select
        id={ids.control}
        value={selected?.id ?? ""}
        disabled={characters.length === 0}
        onChange={(e) => model.setRecipe({ characterId: e.target.value || null }, "character")}
        className={`${INPUT_CLASS} px-2`}
        {...describe(ids, errors, Boolean(hint))}
      >
        <option value="" disabled>
          {characters.length === 0 ? "No characters yet: add one to the cast" : "Choose a character…"}
        </option>
        {characters.map((c) => (
          <option key={c.id} value={c.id}>
            {(c.name || "Untitled") + (c.mask ? "" : " · no mask")}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function PromptField({
  model,
  character,
  onShortcut,
  label = "Scene prompt",
  placeholder = "Ferris waves from the deck of a small boat at dawn, wide shot",
  hint: usualHint = "Describe the action, setting, framing and light.",
}: {
  model: ComposerModel;
  character: Character | undefined;
  onShortcut: () => void;
  /** A fix asks what its region should become, not for a whole scene. */
  label?: string;
  placeholder?: string;
  hint?: string;
}) {
  const ids = useFieldIds();
  const errors = model.errors("prompt");
  const prompt = model.recipe.prompt;
  const notes = character?.notes.trim() ?? "";
  const alreadyIn = notes !== "" && prompt.includes(notes);
  const nearLimit = prompt.length > LIMITS.promptChars * 0.8;
  const hint = nearLimit
    ? `${prompt.length.toLocaleString("en")} of ${LIMITS.promptChars.toLocaleString("en")} characters`
    : usualHint;
  return (
    <Field
      ids={ids}
      label={label}
      hint={hint}
      errors={errors}
      action={
        <Button
          size="sm"
          variant="ghost"
          disabled={!notes || alreadyIn}
          title={!character ? "Choose a character first" : !notes ? "This character has no notes on its traits" : alreadyIn ? "Its traits are already in the prompt" : notes}
          onClick={() => model.setRecipe({ prompt: appendTraits(prompt, notes) }, "prompt")}
        >
          <ListPlus aria-hidden className="size-4" /> Add traits
        </Button>
      }
    >
      <textarea
        id={ids.control}
        value={prompt}
        rows={4}
        required
        placeholder={placeholder}
        onChange={(e) => model.setRecipe({ prompt: e.target.value }, "prompt")}
        onKeyDown={(e) => submitOnModEnter(e, onShortcut)}
        className={`${TEXTAREA_CLASS} min-h-24`}
        {...describe(ids, errors, true)}
      />
    </Field>
  );
}

export function NegativePromptField({ model, onShortcut }: { model: ComposerModel; onShortcut: () => void }) {
  const ids = useFieldIds();
  const errors = model.errors("negativePrompt");
  return (
    <Field ids={ids} label="Negative prompt" hint="What to keep out of the image, e.g. “text, watermark, extra fingers”." errors={errors}>
      <textarea
        id={ids.control}
        value={model.recipe.negativePrompt}
        rows={2}
        onChange={(e) => model.setRecipe({ negativePrompt: e.target.value }, "negativePrompt")}
        onKeyDown={(e) => submitOnModEnter(e, onShortcut)}
        className={`${TEXTAREA_CLASS} min-h-16`}
        {...describe(ids, errors, true)}
      />
    </Field>
  );
}

function submitOnModEnter(event: KeyboardEvent, onShortcut: () => void) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    onShortcut();
  }
}

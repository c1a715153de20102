"use client";
import { Dices } from "lucide-react";
import { Button } from "@/components/ui/button";
import { LIMITS } from "@/lib/fal/schema";
import type { Take } from "@/lib/state/panel-schema";
import { describe, Field, INPUT_CLASS, useFieldIds } from "./field";
import { Segmented } from "./segmented";
import { useDraftNumber } from "./use-draft-number";
import type { ComposerModel } from "./use-composer";

export function randomSeed(): number {
  // LIMITS.seed.max is 2^31 - 1: one unsigned 32-bit draw, shifted, covers the range evenly.
  return crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
}

export function SeedField({ model, takes }: { model: ComposerModel; takes: readonly Take[] }) {
  const ids = useFieldIds();
  const valueIds = useFieldIds();
  const { seedMode, seed } = model.settings;
  const setSeed = (value: number) => model.setSettings({ seed: value }, "seed");
  const { error, inputProps } = useDraftNumber({ value: seed, ...LIMITS.seed, label: "seed", onCommit: setSeed });
  const errors = [...model.errors("seed"), ...(error ? [error] : [])];

  const lock = () => {
    // Locking right after a take most often means "keep that one's composition".
    const latest = takes.at(-1)?.seed;
    const next = latest ?? (seed !== 0 ? seed : randomSeed());
    model.setSettings({ seedMode: "locked", seed: next }, "seed");
  };

  return (
    <Field
      ids={ids}
      group
      label="Seed"
      errors={seedMode === "random" ? errors : []}
      hint={seedMode === "random" ? "A new seed every time, so every take differs. Lock it to vary only the prompt." : undefined}
    >
      <Segmented
        labelledBy={ids.label}
        describedBy={seedMode === "random" ? ids.hint : undefined}
        value={seedMode}
        options={[
          { value: "random", label: "Random" },
          { value: "locked", label: "Locked" },
        ]}
        onChange={(mode) => (mode === "locked" ? lock() : model.setSettings({ seedMode: "random" }, "seed"))}
        testId="seed-mode"
      />
      {seedMode === "locked" ? (
        <Field
          ids={valueIds}
          label="Seed value"
          errors={errors}
          hint="The same seed and recipe give the same composition."
        >
          <div className="flex gap-2">
            <input id={valueIds.control} {...inputProps} className={`${INPUT_CLASS} tabular-nums`} {...describe(valueIds, errors, true)} />
            <Button onClick={() => setSeed(randomSeed())}>
              <Dices aria-hidden className="size-4" /> New seed
            </Button>
          </div>
        </Field>
      ) : null}
    </Field>
  );
}

"use client";
import * as Slider from "@radix-ui/react-slider";
import { Plus, X } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { COLOR_PALETTE_PRESETS, DEFAULTS, LIMITS } from "@/lib/fal/schema";
import type { PaletteSetting } from "@/lib/state/panel-schema";
import { Field, useFieldIds } from "./field";
import { PALETTE_SWATCHES, titleCase } from "./palette-presets";
import { Segmented } from "./segmented";
import type { ComposerModel } from "./use-composer";

type Preset = Extract<PaletteSetting, { kind: "preset" }>;
type Custom = Extract<PaletteSetting, { kind: "custom" }>;
type Member = Custom["members"][number];

const FIRST_MEMBER: Member = { hex: "#c2410c", weight: DEFAULTS.color_weight };
/** Each new colour a visibly different hue, so an added row is obvious at a glance. */
const NEXT_HEXES = ["#1d4ed8", "#15803d", "#f59e0b", "#7c3aed", "#0d9488", "#db2777", "#1d1d1f", "#f6f5f2"];

export function PaletteField({ model }: { model: ComposerModel }) {
  const ids = useFieldIds();
  const errors = model.errors("palette");
  const palette = model.settings.palette;
  // Switching None → Custom → None → Custom should bring the colours back, not start over.
  const lastPreset = useRef<Preset>({ kind: "preset", name: "EMBER" });
  const lastCustom = useRef<Custom>({ kind: "custom", members: [FIRST_MEMBER] });
  const set = (next: PaletteSetting) => {
    if (next.kind === "preset") lastPreset.current = next;
    if (next.kind === "custom") lastCustom.current = next;
    model.setSettings({ palette: next }, "palette");
  };
  const hint =
    palette.kind === "none"
      ? "Ideogram picks the colours."
      : palette.kind === "preset"
        ? "A named palette from Ideogram; the swatches only suggest its mood."
        : "Weights say how much of each colour to use.";

  return (
    <Field ids={ids} group label="Color palette" errors={errors} hint={hint}>
      <Segmented
        labelledBy={ids.label}
        describedBy={errors.length > 0 ? ids.error : ids.hint}
        invalid={errors.length > 0}
        value={palette.kind}
        options={[
          { value: "none", label: "None" },
          { value: "preset", label: "Preset" },
          { value: "custom", label: "Custom" },
        ]}
        onChange={(kind) => set(kind === "none" ? { kind } : kind === "preset" ? lastPreset.current : lastCustom.current)}
        testId="palette-kind"
      />
      {palette.kind === "preset" ? <PresetPicker value={palette.name} onChange={(name) => set({ kind: "preset", name })} /> : null}
      {palette.kind === "custom" ? <CustomMembers members={palette.members} onChange={(members) => set({ kind: "custom", members })} /> : null}
    </Field>
  );
}

function PresetPicker({ value, onChange }: { value: Preset["name"]; onChange: (name: Preset["name"]) => void }) {
  const ids = useFieldIds();
  return (
    <div role="radiogroup" aria-label="Palette preset" className="grid grid-cols-2 gap-1.5" data-testid="palette-presets">
      {COLOR_PALETTE_PRESETS.map((name) => (
        <label
          key={name}
          className="relative flex cursor-pointer items-center gap-2 rounded-md bg-surface px-2 py-1.5 text-[13px] ring-1 ring-line hover:ring-muted/50 has-[:checked]:ring-2 has-[:checked]:ring-ink has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent"
        >
          <input
            type="radio"
            name={ids.control}
            value={name}
            checked={value === name}
            onChange={() => onChange(name)}
            className="absolute inset-0 size-full cursor-pointer opacity-0"
          />
          <span aria-hidden className="flex shrink-0 overflow-hidden rounded-sm ring-1 ring-black/10">
            {PALETTE_SWATCHES[name].map((hex) => (
              <span key={hex} className="h-4 w-2.5" style={{ background: hex }} />
            ))}
          </span>
          <span className="truncate">{titleCase(name)}</span>
        </label>
      ))}
    </div>
  );
}

function CustomMembers({ members, onChange }: { members: Member[]; onChange: (members: Member[]) => void }) {
  const addRef = useRef<HTMLButtonElement>(null);
  const replace = (index: number, change: Partial<Member>) => onChange(members.map((m, i) => (i === index ? { ...m, ...change } : m)));
  const remove = (index: number) => {
    onChange(members.filter((_, i) => i !== index));
    // The row, and the button that had focus, are gone: keep the keyboard user in the list.
    requestAnimationFrame(() => addRef.current?.focus());
  };
  const full = members.length >= LIMITS.paletteMembers;

  return (
    <div className="grid gap-2" data-testid="palette-members">
      <div aria-hidden className="grid grid-cols-[auto_1fr_auto] gap-3 text-xs text-muted">
        <span className="w-[6.5rem]">Colour</span>
        <span>Weight</span>
      </div>
      <ul className="grid gap-2">
        {members.map((member, index) => (
          <li key={index} className="grid grid-cols-[auto_1fr_auto] items-center gap-3">
            <span className="flex w-[6.5rem] items-center gap-2">
              <input
                type="color"
                value={member.hex}
                aria-label={`Colour ${index + 1}`}
                onChange={(e) => replace(index, { hex: e.target.value })}
                className="h-9 w-9 shrink-0 cursor-pointer rounded-md border border-line bg-surface p-1"
              />
              <span className="font-mono text-xs text-muted uppercase">{member.hex}</span>
            </span>
            <span className="flex min-w-0 items-center gap-2">
              <Slider.Root
                className="relative flex h-9 min-w-0 grow touch-none items-center select-none"
                value={[member.weight]}
                min={0.05}
                max={1}
                step={0.05}
                onValueChange={([weight]) => weight !== undefined && replace(index, { weight: Math.round(weight * 100) / 100 })}
              >
                <Slider.Track className="relative h-1 grow rounded-full bg-line">
                  <Slider.Range className="absolute h-full rounded-full bg-ink/60" />
                </Slider.Track>
                <Slider.Thumb
                  aria-label={`Weight of colour ${index + 1}`}
                  className="block size-4 rounded-full bg-surface shadow ring-2 ring-ink"
                />
              </Slider.Root>
              <span className="w-8 text-right text-xs text-muted tabular-nums">{member.weight.toFixed(2)}</span>
            </span>
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove colour ${index + 1}`}
              title={members.length === 1 ? "A custom palette needs at least one colour; choose None instead" : undefined}
              disabled={members.length === 1}
              onClick={() => remove(index)}
            >
              <X aria-hidden className="size-4" />
            </Button>
          </li>
        ))}
      </ul>
      <div className="flex items-center gap-3">
        <Button
          ref={addRef}
          size="sm"
          disabled={full}
          onClick={() => onChange([...members, { hex: NEXT_HEXES[(members.length - 1) % NEXT_HEXES.length]!, weight: DEFAULTS.color_weight }])}
        >
          <Plus aria-hidden className="size-4" /> Add colour
        </Button>
        <span className="text-xs text-muted">
          {members.length} of {LIMITS.paletteMembers}
        </span>
      </div>
    </div>
  );
}

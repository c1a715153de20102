"use client";
import * as Dialog from "@radix-ui/react-dialog";
import { Settings2 } from "lucide-react";
import { useShallow } from "zustand/react/shallow";
import { Button } from "@/components/ui/button";
import { presetLabel } from "@/components/composer/size-field";
import { IMAGE_SIZE_PRESET_NAMES, RENDERING_SPEEDS, type ImageSizePreset } from "@/lib/fal/schema";
import { MAX_LONG_EDGE_CHOICES } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";
import { DialogPanel } from "@/components/ui/dialog-panel";
import { DialogTitleBar } from "@/components/ui/dialog-title-bar";

export function SettingsDialog() {
  const { settings, updateSettings, defaults, updateProjectDefaults } = useCastboard(
    useShallow((s) => ({ settings: s.settings, updateSettings: s.updateSettings, defaults: s.projectSettings.defaults, updateProjectDefaults: s.updateProjectDefaults })),
  );
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <Button variant="ghost" size="icon" aria-label="Settings">
          <Settings2 aria-hidden className="size-4" />
        </Button>
      </Dialog.Trigger>
      <DialogPanel className="grid w-[min(92vw,420px)] gap-5 p-5">
        <DialogTitleBar title="Settings" closeLabel="Close settings" />
        <Dialog.Description className="sr-only">How characters are stored and how masks are sent.</Dialog.Description>
        <label className="grid gap-1.5">
          <span className="text-[13px] font-medium">Largest side of a character reference</span>
          <select
            value={settings.maxLongEdge}
            onChange={(e) => updateSettings({ maxLongEdge: Number(e.target.value) })}
            className="h-9 rounded-md border border-line bg-surface px-2 text-sm"
          >
            {MAX_LONG_EDGE_CHOICES.map((px) => (
              <option key={px} value={px}>
                {px} px{px === 2048 ? " (recommended)" : ""}
              </option>
            ))}
          </select>
          <span className="text-xs text-muted">Larger images are scaled down when added, keeping their proportions.</span>
        </label>
        <label className="grid gap-1.5">
          <span className="text-[13px] font-medium">Generations at once in a batch</span>
          <select
            value={settings.batchConcurrency}
            onChange={(e) => updateSettings({ batchConcurrency: Number(e.target.value) })}
            className="h-9 rounded-md border border-line bg-surface px-2 text-sm"
          >
            {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={n}>
                {n}
                {n === 4 ? " (default)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-start gap-3">
          <input
            type="checkbox"
            checked={settings.invertMaskPolarity}
            onChange={(e) => updateSettings({ invertMaskPolarity: e.target.checked })}
            className="mt-1 size-4 accent-ink"
          />
          <span className="grid gap-1">
            <span className="text-[13px] font-medium">Invert mask polarity</span>
            <span className="text-xs leading-relaxed text-muted">
              Masks are sent with the character black and the rest white. Turn this on to send the character white instead.
            </span>
          </span>
        </label>
        <fieldset className="grid gap-3 border-t border-line pt-4">
          <legend className="sr-only">This project</legend>
          <p className="text-xs font-semibold tracking-wide text-muted uppercase">This project</p>
          <label className="grid gap-1.5">
            <span className="text-[13px] font-medium">Aspect ratio of new panels</span>
            <select
              value={defaults.imageSize.kind === "preset" ? defaults.imageSize.preset : "custom"}
              onChange={(e) => updateProjectDefaults({ imageSize: { kind: "preset", preset: e.target.value as ImageSizePreset } })}
              className="h-9 rounded-md border border-line bg-surface px-2 text-sm"
            >
              {defaults.imageSize.kind === "custom" ? (
                <option value="custom">
                  Custom · {defaults.imageSize.width}×{defaults.imageSize.height}
                </option>
              ) : null}
              {IMAGE_SIZE_PRESET_NAMES.map((preset) => (
                <option key={preset} value={preset}>
                  {presetLabel(preset)}
                </option>
              ))}
            </select>
            <span className="text-xs text-muted">Each panel can still change its own in the composer.</span>
          </label>
          <label className="grid gap-1.5">
            <span className="text-[13px] font-medium">Rendering speed of new panels</span>
            <select
              value={defaults.renderingSpeed}
              onChange={(e) => updateProjectDefaults({ renderingSpeed: e.target.value as (typeof RENDERING_SPEEDS)[number] })}
              className="h-9 rounded-md border border-line bg-surface px-2 text-sm"
            >
              {RENDERING_SPEEDS.map((speed) => (
                <option key={speed} value={speed}>
                  {speed.charAt(0) + speed.slice(1).toLowerCase()}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      </DialogPanel>
    </Dialog.Root>
  );
}

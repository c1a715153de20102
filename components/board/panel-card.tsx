"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { clsx } from "clsx";
import { AlertCircle, Copy, GripVertical, ImageOff, MoreHorizontal, PenLine, Play, Plus, Trash2 } from "lucide-react";
import { forwardRef, memo, type ButtonHTMLAttributes, type CSSProperties, type HTMLAttributes, type Ref } from "react";
import { AnimaticTag } from "@/components/animatic/animatic-tag";
import { ReviewBadge } from "@/components/review-panel/review-badge";
import { panelAspect, panelImage } from "@/lib/board/chosen";
import { CAMERA_ANGLES, SHOT_SIZES, type Panel } from "@/lib/state/panel-schema";
import { useBlobUrl } from "@/lib/state/use-blob-url";
import { PanelStatus } from "./panel-status";
import { SpeechBalloons } from "./speech-balloons";

export interface PanelCardActions {
  onSelect: (mode: "only" | "toggle" | "range") => void;
  onCheck: (checked: boolean) => void;
  onInsertAfter: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onPresent: () => void;
}

interface Props extends PanelCardActions {
  panel: Panel;
  number: number;
  /** The last shot has no transition to play. */
  last?: boolean;
  selected: boolean;
  checked: boolean;
  speakers: Map<string, string>;
  style?: CSSProperties;
  dragging?: boolean;
  /** The drag handle's ref and props (dnd-kit): Space picks the panel up, arrows move it. */
  handleRef?: Ref<HTMLButtonElement>;
  handleProps?: ButtonHTMLAttributes<HTMLButtonElement>;
  rootProps?: HTMLAttributes<HTMLDivElement>;
}

const ITEM = "flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-[13px] outline-none select-none data-[highlighted]:bg-canvas";

export function shotSummary(panel: Panel): string {
  const { size, angle, durationSec } = panel.shot;
  return [size ? SHOT_SIZES[size] : null, angle ? CAMERA_ANGLES[angle] : null, `${durationSec}s`].filter(Boolean).join(" · ");
}

/** One shot on the board: its chosen image with balloons, its number and what happens in it. */
export const PanelCard = memo(
  forwardRef<HTMLDivElement, Props>(function PanelCard(
  { panel, number, last = false, selected, checked, speakers, style, dragging, handleRef, handleProps, rootProps, ...actions },
  ref,
) {
  const shown = panelImage(panel);
  const url = useBlobUrl(shown?.thumbnail?.blobId ?? shown?.image.blobId);
  const text = panel.shot.caption || panel.recipe.prompt;
  return (
    <div
      ref={ref}
      role="listitem"
      style={style}
      {...rootProps}
      className={clsx(
        "group relative flex flex-col rounded-xl bg-surface ring-1 transition-shadow",
        selected ? "ring-2 ring-ink" : checked ? "ring-2 ring-accent/60" : "ring-line hover:ring-muted/40",
        dragging && "opacity-40",
      )}
      data-testid="panel-card"
      data-panel-id={panel.id}
    >
      <button
        type="button"
        onClick={(e) => actions.onSelect(e.shiftKey ? "range" : e.metaKey || e.ctrlKey ? "toggle" : "only")}
        aria-pressed={selected}
        aria-label={`Shot ${number}${text ? `: ${text}` : ""}`}
        className="overflow-hidden rounded-t-xl text-left"
      >
        <div className="relative bg-canvas" style={{ aspectRatio: String(panelAspect(panel)) }}>
          {url ? (
            // eslint-disable-next-line @next/next/no-img-element -- local object URL
            <img src={url} alt="" className="size-full object-cover" draggable={false} />
          ) : (
            <div className="flex size-full flex-col items-center justify-center gap-1 text-muted">
              <ImageOff aria-hidden className="size-5" />
              <span className="text-[11px]">Sketch or generate</span>
            </div>
          )}
          {shown?.kind === "sketch" ? (
            <span className="absolute top-1.5 left-1.5 flex items-center gap-1 rounded bg-white/90 px-1.5 py-0.5 text-[11px] font-medium text-ink shadow-sm ring-1 ring-line" data-testid="sketch-tag">
              <PenLine aria-hidden className="size-3" /> Sketch
            </span>
          ) : null}
          {/* Measuring an overlay costs a layout per card: only cards with something to say get one. */}
          {panel.shot.dialogue.some((l) => l.text.trim()) ? <SpeechBalloons lines={panel.shot.dialogue} speakers={speakers} /> : null}
        </div>
      </button>
      <div className="flex flex-col gap-1 p-2.5 pt-2">
        <div className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={checked}
            onChange={(e) => actions.onCheck(e.target.checked)}
            aria-label={`Select shot ${number}`}
            className="size-4 accent-ink"
          />
          <span className="text-xs font-semibold whitespace-nowrap" data-testid="shot-number">
            Shot {number}
          </span>
          <ReviewBadge panelId={panel.id} />
          <span className="ml-auto -mr-1 flex items-center">
            <button
              ref={handleRef}
              type="button"
              {...handleProps}
              aria-label={`Reorder shot ${number}`}
              title="Drag, or press Space then arrow keys, to reorder"
              className="grid size-7 cursor-grab touch-none place-items-center rounded-md text-muted hover:bg-black/5 active:cursor-grabbing"
            >
              <GripVertical aria-hidden className="size-4" />
            </button>
            <Menu.Root>
              <Menu.Trigger className="grid size-7 place-items-center rounded-md text-muted hover:bg-black/5" aria-label={`Shot ${number} actions`}>
                <MoreHorizontal aria-hidden className="size-4" />
              </Menu.Trigger>
              <Menu.Portal>
                <Menu.Content align="end" sideOffset={4} className="z-50 w-52 rounded-lg bg-surface p-1 shadow-lg ring-1 ring-line">
                  <Menu.Item className={ITEM} onSelect={actions.onInsertAfter}>
                    <Plus aria-hidden className="size-4" /> Insert panel after
                  </Menu.Item>
                  <Menu.Item className={ITEM} onSelect={actions.onDuplicate}>
                    <Copy aria-hidden className="size-4" /> Duplicate
                  </Menu.Item>
                  <Menu.Item className={ITEM} onSelect={actions.onPresent}>
                    <Play aria-hidden className="size-4" /> Present from here
                  </Menu.Item>
                  <Menu.Separator className="my-1 h-px bg-line" />
                  <Menu.Item className={`${ITEM} text-red-700`} onSelect={actions.onDelete}>
                    <Trash2 aria-hidden className="size-4" /> Delete
                  </Menu.Item>
                </Menu.Content>
              </Menu.Portal>
            </Menu.Root>
          </span>
        </div>
        <span className="truncate text-xs text-muted">{shotSummary(panel)}</span>
        <AnimaticTag panel={panel} last={last} />
        <span className="line-clamp-2 min-h-[2lh] text-[13px] leading-snug" data-testid="panel-caption">
          {text || <span className="text-muted">No caption yet</span>}
        </span>
        {panel.pending ? <PanelStatus pending={panel.pending} /> : null}
        {!panel.pending && panel.error && panel.error.kind !== "cancelled" ? (
          <span className="flex items-center gap-1 text-xs text-red-700" data-testid="panel-card-error">
            <AlertCircle aria-hidden className="size-3.5" /> {panel.error.kind === "validation" ? "Needs fixing" : "Failed"}
          </span>
        ) : null}
      </div>
      <button
        type="button"
        onClick={actions.onInsertAfter}
        aria-label={`Insert a panel after shot ${number}`}
        title="Insert a panel here"
        className="absolute top-1/3 -right-3 z-10 grid size-6 place-items-center rounded-full bg-ink text-white opacity-0 shadow transition-opacity group-focus-within:opacity-100 group-hover:opacity-100 focus-visible:opacity-100"
      >
        <Plus aria-hidden className="size-3.5" />
      </button>
    </div>
  );
  }),
);

"use client";
import * as Popover from "@radix-ui/react-popover";
import { clsx } from "clsx";
import { ChevronDown } from "lucide-react";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { PopoverPanel } from "@/components/ui/popover-panel";
import type { ReadingDirection } from "@/lib/comic/comic-schema";
import { layoutPage } from "@/lib/comic/page-layout";
import { frameCount, templateById, templateGroups, type PageTemplate } from "@/lib/comic/templates";

const PREVIEW = { trim: { width: 60, height: 92 }, margin: 4, gutter: 2.5 };

/** A template drawn small: its frames as grey blocks, numbered in reading order when asked. */
export function TemplatePreview({ template, direction, numbered, className }: { template: PageTemplate; direction: ReadingDirection; numbered?: boolean; className?: string }) {
  const frames = useMemo(() => layoutPage(template, PREVIEW, direction), [template, direction]);
  return (
    <svg viewBox={`0 0 ${PREVIEW.trim.width} ${PREVIEW.trim.height}`} aria-hidden className={clsx("bg-white", className)}>
      {frames.map((f, i) => (
        <g key={i}>
          <rect x={f.x} y={f.y} width={f.width} height={f.height} className="fill-neutral-300 stroke-neutral-700" strokeWidth={0.6} />
          {numbered ? (
            <text x={f.x + f.width / 2} y={f.y + f.height / 2 + 2.5} textAnchor="middle" className="fill-neutral-600 text-[7px] font-medium">
              {i + 1}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}

/** The page's layout: a popover listing every template, grouped (splash, by panel count, manga), each drawn small. */
export function TemplatePicker({ templateId, pageNumber, direction, onPick }: { templateId: string; pageNumber: number; direction: ReadingDirection; onPick: (id: string) => void }) {
  const current = templateById(templateId);
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button size="sm" variant="ghost" className="h-7 min-w-0 shrink! px-1.5 text-xs text-muted" aria-label={`Layout of page ${pageNumber}: ${current.name}`} data-testid="template-trigger">
          <span className="min-w-0 truncate">{current.name}</span>
          <ChevronDown aria-hidden className="size-3.5 shrink-0" />
        </Button>
      </Popover.Trigger>
      <PopoverPanel align="start" className="max-h-[min(70vh,560px)] w-[min(92vw,420px)] overflow-y-auto p-3" aria-label={`Layouts for page ${pageNumber}`} data-testid="template-picker">
        {templateGroups().map((group) => (
          <section key={group.label} className="mb-3 last:mb-0">
            <h3 className="mb-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase">{group.label}</h3>
            <div className="grid grid-cols-4 gap-2 sm:grid-cols-5">
              {group.templates.map((t) => (
                <Popover.Close asChild key={t.id}>
                  <button
                    type="button"
                    onClick={() => onPick(t.id)}
                    aria-label={`${t.name} (${frameCount(t)} ${frameCount(t) === 1 ? "panel" : "panels"})`}
                    aria-pressed={t.id === current.id}
                    title={t.name}
                    className={clsx(
                      "flex flex-col items-center gap-1 rounded-lg p-1 text-[10px] leading-tight text-muted hover:bg-canvas focus-visible:ring-2 focus-visible:ring-ink focus-visible:outline-none",
                      t.id === current.id && "bg-canvas text-ink ring-1 ring-ink",
                    )}
                    data-template={t.id}
                  >
                    <TemplatePreview template={t} direction={direction} className="h-14 w-auto rounded-[2px] shadow-sm ring-1 ring-line" />
                    <span className="line-clamp-2 text-center">{t.name}</span>
                  </button>
                </Popover.Close>
              ))}
            </div>
          </section>
        ))}
      </PopoverPanel>
    </Popover.Root>
  );
}

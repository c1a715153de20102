"use client";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { flowPanels } from "@/lib/comic/flow";
import { resolveComic } from "@/lib/comic/resolve";
import type { Panel } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";

/** The comic resolved from the store, with what the Pages view needs around it: panels by id, board indices, overflow. */
export function useComic() {
  const { comic, panels, characters } = useCastboard(useShallow((s) => ({ comic: s.projectSettings.comic, panels: s.panels, characters: s.characters })));
  const castNames = useMemo(() => new Map(characters.map((c) => [c.id, c.name])), [characters]);
  const resolved = useMemo(() => resolveComic(comic, panels, castNames), [comic, panels, castNames]);
  const { starts, overflow } = useMemo(() => {
    const flow = flowPanels(comic.pages, panels.map((p) => p.id));
    return { starts: flow.pages.map((p) => p.start), overflow: flow.overflow };
  }, [comic.pages, panels]);
  const lookup = useMemo(() => {
    const byId = new Map<string, { panel: Panel; number: number }>();
    panels.forEach((panel, i) => byId.set(panel.id, { panel, number: i + 1 }));
    return byId;
  }, [panels]);
  return { comic, resolved, starts, overflow, lookup, panelCount: panels.length };
}

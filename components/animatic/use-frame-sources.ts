"use client";
import { useEffect, useMemo, useState } from "react";
import { panelImage, panelImageSize } from "@/lib/board/chosen";
import { releaseSources } from "@/lib/animatic/frame-sources";
import { loadStoredFrameSources } from "@/lib/animatic/stored-sources";
import type { FrameSource } from "@/lib/animatic/timeline";
import type { Panel } from "@/lib/state/panel-schema";

export interface LoadedSources {
  sources: FrameSource[];
  /** Shot numbers drawn as slate cards (no image, or one that is gone or broken). */
  missing: number[];
}

/**
 * The pictures the animatic draws for these panels, decoded once. They are decoded again only
 * when what a panel shows changes (another take, a new sketch, a reorder), not on every edit of a
 * caption or a move; the old bitmaps are released then.
 */
export function useFrameSources(panels: readonly Panel[]): LoadedSources | null {
  const signature = panels
    .map((p) => {
      const size = panelImageSize(p);
      return `${panelImage(p)?.image.blobId ?? "none"}@${size.width}x${size.height}`;
    })
    .join("|");
  // The panels as they were when the signature last changed: edits that keep the pictures reuse them.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on what is drawn, on purpose
  const shown = useMemo(() => panels, [signature]);
  const [loaded, setLoaded] = useState<{ signature: string; value: LoadedSources } | null>(null);
  useEffect(() => {
    let live = true;
    let result: LoadedSources | null = null;
    void loadStoredFrameSources(shown).then((value) => {
      result = value;
      if (live) setLoaded({ signature, value });
      else release(value);
    });
    return () => {
      live = false;
      if (result) release(result);
    };
  }, [shown, signature]);
  return loaded?.signature === signature ? loaded.value : null;
}

function release({ sources }: LoadedSources) {
  releaseSources(sources);
}

"use client";
import type { ReactNode } from "react";
import type { ResolvedPage } from "@/lib/comic/comic-types";
import { renderLettering } from "./lettering-layer";

/**
 * What is drawn over a page, in its own coordinate system: 1 pt of the page is `scale` CSS pixels,
 * origin at the trim's top-left corner (see `comic-types.ts`). The lettering layer
 * (`components/comic/lettering-layer.tsx`) mounts here; `editable` is false in read mode and in thumbnails.
 */
export type PageOverlay = (page: ResolvedPage, scale: number, editable: boolean) => ReactNode;

/** The lettering: balloons, captions and sound effects. */
export const renderPageOverlay: PageOverlay = renderLettering;

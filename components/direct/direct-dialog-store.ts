"use client";
import { create } from "zustand";

/**
 * Which fix, restage or before/after dialog is open: the takes list opens them, the inspector
 * hosts them. Screen state only, never saved.
 */
export type DirectDialog =
  /** `openedAt` (performance.now() of the click) starts the painter's time-to-ready measure. */
  | { kind: "fix"; panelId: string; takeId: string; imageIndex: number; openedAt: number }
  | { kind: "restage"; panelId: string; from?: { takeId: string; imageIndex: number } }
  | { kind: "compare"; panelId: string; takeId: string; imageIndex: number };

export const useDirectDialog = create<{ open: DirectDialog | null }>(() => ({ open: null }));

export const openDirectDialog = (open: DirectDialog) => useDirectDialog.setState({ open });
export const closeDirectDialog = () => useDirectDialog.setState({ open: null });

import type { CastboardSlice } from "./store";
import type { GenerationMode } from "./panel-schema";
import type { LoadReport } from "./persistence";

/** What this tab knows about itself: never saved, never undone. */
export interface SessionSlice {
  /** The open project has been read from IndexedDB. */
  hydrated: boolean;
  loadReport: LoadReport;
  /** What generations are made with right now: the server's mode, told by the page. */
  generationMode: GenerationMode;
  /** What both tabs changed, when their versions of the open project could not be merged. */
  conflicts: string[];
  setGenerationMode(mode: GenerationMode): void;
  setConflicts(items: string[]): void;
}

export const createSessionSlice: CastboardSlice<SessionSlice> = (set) => ({
  hydrated: false,
  loadReport: { dropped: [] },
  generationMode: "draft",
  conflicts: [],
  setGenerationMode: (generationMode) => set({ generationMode }),
  setConflicts: (conflicts) => set({ conflicts }),
});

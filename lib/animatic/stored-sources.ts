import "client-only";
import type { Panel } from "../state/panel-schema";
import { getBlob } from "../storage/blob-store";
import { loadFrameSources } from "./frame-sources";

/** The animatic's pictures for these panels, read from the project's stored images. */
export function loadStoredFrameSources(panels: readonly Panel[]) {
  return loadFrameSources(panels, getBlob);
}

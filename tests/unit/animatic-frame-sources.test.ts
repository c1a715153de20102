import { afterEach, describe, expect, it, vi } from "vitest";
import { loadFrameSources, timelinePanels } from "@/lib/animatic/frame-sources";
import { DEFAULT_PANEL_ANIMATIC } from "@/lib/state/animatic-schema";
import { newPanel } from "@/lib/state/panel-slice";
import { DEFAULT_GENERATION_SETTINGS, type Panel } from "@/lib/state/panel-schema";

const image = (blobId: string) => ({ blobId, type: "image/png" as const, width: 1024, height: 576, bytes: 10 });

function sketched(blobId: string): Panel {
  return { ...newPanel(null, DEFAULT_GENERATION_SETTINGS), sketch: { image: image(blobId), updatedAt: 1, preferred: false } };
}

afterEach(() => vi.unstubAllGlobals());

describe("animatic frame sources", () => {
  it("maps each panel to its duration, move and transition", () => {
    const panel = { ...newPanel(null, DEFAULT_GENERATION_SETTINGS), animatic: { ...DEFAULT_PANEL_ANIMATIC, move: { kind: "push-in" as const } } };
    expect(timelinePanels([panel])).toEqual([{ durationSec: 3, move: { kind: "push-in" }, transition: DEFAULT_PANEL_ANIMATIC.transition }]);
  });

  it("decodes each shown image once and stands a slate card in for a shot without one, or whose image is gone or broken", async () => {
    const drawn: string[] = [];
    vi.stubGlobal("createImageBitmap", async (blob: Blob) => {
      const text = await blob.text();
      if (text === "broken") throw new Error("decode failed");
      return { width: 1024, height: 576, label: text };
    });
    vi.stubGlobal(
      "OffscreenCanvas",
      class {
        constructor(
          readonly width: number,
          readonly height: number,
        ) {}
        getContext() {
          return new Proxy({}, { get: (_t, key) => (key === "fillText" ? (text: string) => drawn.push(text) : () => undefined), set: () => true });
        }
      },
    );
    const blobs: Record<string, Blob> = { a: new Blob(["a"]), broken: new Blob(["broken"]) };
    const panels = [sketched("a"), newPanel(null, DEFAULT_GENERATION_SETTINGS), sketched("gone"), sketched("broken")];
    const { sources, missing } = await loadFrameSources(panels, async (id) => blobs[id]);
    expect(missing).toEqual([2, 3, 4]);
    expect((sources[0]!.source as unknown as { label: string }).label).toBe("a");
    expect(sources.slice(1).map((s) => [s.width, s.height])).toEqual([
      [1024, 576],
      [1024, 576],
      [1024, 576],
    ]);
    expect(drawn.filter((t) => t.startsWith("Shot"))).toEqual(["Shot 2", "Shot 3", "Shot 4"]);
  });
});

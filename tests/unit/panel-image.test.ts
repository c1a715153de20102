import { beforeEach, describe, expect, it } from "vitest";
import { panelAspect, panelImage, panelImageSize } from "@/lib/board/chosen";
import { newPanel } from "@/lib/state/panel-slice";
import { DEFAULT_GENERATION_SETTINGS, type Panel, type Sketch, type Take } from "@/lib/state/panel-schema";
import { useCastboard } from "@/lib/state/store";

const image = (blobId: string, type: "image/png" | "image/jpeg" = "image/png") => ({ blobId, type, width: 1024, height: 576, bytes: 100 });
const sketch = (blobId: string, preferred = false): Sketch => ({ image: image(blobId), updatedAt: 5, preferred });
const take = (id: string): Take => ({
  id,
  requestId: `req-${id}`,
  mode: "draft",
  createdAt: 1,
  recipe: newPanel(null, DEFAULT_GENERATION_SETTINGS).recipe,
  seed: 7,
  costCents: 0,
  images: [image(`${id}-0`, "image/jpeg"), image(`${id}-1`, "image/jpeg")],
  thumbnails: [image(`${id}-t0`, "image/jpeg"), image(`${id}-t1`, "image/jpeg")],
});
const panel = (change: Partial<Panel> = {}): Panel => ({ ...newPanel(null, DEFAULT_GENERATION_SETTINGS), ...change });

describe("panelImage: what a panel shows", () => {
  it("shows nothing for a new panel", () => {
    expect(panelImage(panel())).toBeNull();
  });

  it("shows the chosen take's chosen variation, with its thumbnail", () => {
    const shown = panelImage(panel({ takes: [take("a")], chosen: { takeId: "a", imageIndex: 1 } }));
    expect(shown).toMatchObject({ kind: "take", image: { blobId: "a-1" }, thumbnail: { blobId: "a-t1" } });
  });

  it("shows the sketch while no image is chosen", () => {
    expect(panelImage(panel({ sketch: sketch("s") }))).toMatchObject({ kind: "sketch", image: { blobId: "s" }, thumbnail: undefined });
    // Takes but none chosen, or a choice that names a take or variation that is gone.
    expect(panelImage(panel({ takes: [take("a")], sketch: sketch("s") }))?.kind).toBe("sketch");
    expect(panelImage(panel({ takes: [take("a")], chosen: { takeId: "gone", imageIndex: 0 }, sketch: sketch("s") }))?.kind).toBe("sketch");
    expect(panelImage(panel({ takes: [take("a")], chosen: { takeId: "a", imageIndex: 5 }, sketch: sketch("s") }))?.kind).toBe("sketch");
  });

  it("lets a chosen image replace the sketch, unless the sketch is preferred", () => {
    const withBoth = panel({ takes: [take("a")], chosen: { takeId: "a", imageIndex: 0 }, sketch: sketch("s") });
    expect(panelImage(withBoth)?.kind).toBe("take");
    expect(panelImage({ ...withBoth, sketch: sketch("s", true) })).toMatchObject({ kind: "sketch", image: { blobId: "s" } });
  });

  it("sizes the frame from the image size setting, preset or custom", () => {
    expect(panelImageSize(panel())).toEqual({ width: 1024, height: 576 });
    const custom = panel({ recipe: { ...panel().recipe, settings: { ...DEFAULT_GENERATION_SETTINGS, imageSize: { kind: "custom", width: 640, height: 960 } } } });
    expect(panelImageSize(custom)).toEqual({ width: 640, height: 960 });
    expect(panelAspect(custom)).toBeCloseTo(2 / 3);
  });
});

describe("sketch store actions", () => {
  const s = () => useCastboard.getState();
  const only = () => s().panels[0]!;
  beforeEach(() => {
    useCastboard.setState({ panels: [panel({ id: "p", takes: [take("a"), take("b")], chosen: { takeId: "a", imageIndex: 0 } })], past: [], future: [] });
  });

  it("sets and deletes a sketch, each one board undo step", () => {
    s().setSketch("p", sketch("s1"));
    expect(only().sketch?.image.blobId).toBe("s1");
    expect(s().past.at(-1)?.label).toBe("Sketch");
    s().setSketch("p", null);
    expect(only().sketch).toBeNull();
    expect(s().past.at(-1)?.label).toBe("Delete sketch");
    s().undo();
    expect(only().sketch?.image.blobId).toBe("s1");
    s().undo();
    expect(only().sketch).toBeNull();
    s().redo();
    expect(only().sketch?.image.blobId).toBe("s1");
  });

  it("prefers the sketch on request, as one step, and a no-op leaves no step", () => {
    s().setSketch("p", sketch("s1"));
    s().preferSketch("p", true);
    expect(panelImage(only())?.kind).toBe("sketch");
    const steps = s().past.length;
    s().preferSketch("p", true);
    s().preferSketch("missing", false);
    expect(s().past).toHaveLength(steps);
    s().undo();
    expect(only().sketch?.preferred).toBe(false);
  });

  it("goes back to the take when a variation is chosen or a new take arrives", () => {
    s().setSketch("p", sketch("s1", true));
    s().chooseImage("p", "b", 1);
    expect(only().sketch).toMatchObject({ image: { blobId: "s1" }, preferred: false });
    expect(panelImage(only())).toMatchObject({ kind: "take", image: { blobId: "b-1" } });

    s().preferSketch("p", true);
    s().addTake("p", take("c"));
    expect(panelImage(only())).toMatchObject({ kind: "take", image: { blobId: "c-0" } });
  });

  it("keeps a duplicated panel's sketch (its blob is shared, like takes')", () => {
    s().setSketch("p", sketch("s1"));
    const [copy] = s().duplicatePanels(["p"]);
    expect(s().panels.find((p) => p.id === copy)?.sketch?.image.blobId).toBe("s1");
  });
});

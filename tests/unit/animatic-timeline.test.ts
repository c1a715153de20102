import { describe, expect, it } from "vitest";
import { DEFAULT_PANEL_ANIMATIC, PanelAnimaticSchema, type CameraMove, type Transition } from "@/lib/state/animatic-schema";
import { drawFrame, easeInOut, frameAt, FULL_FRAME, panelAt, totalDuration, transitionHalf, viewAt, type TimelinePanel } from "@/lib/animatic/timeline";

const panel = (durationSec: number, move: CameraMove = { kind: "none" }, transition: Transition = { kind: "cut", durationSec: 0.5 }): TimelinePanel => ({
  durationSec,
  move,
  transition,
});

describe("animatic timeline", () => {
  it("lasts exactly the sum of the panel durations, whatever the transitions", () => {
    const panels = [panel(3, { kind: "push-in" }, { kind: "crossfade", durationSec: 1 }), panel(2.5, { kind: "none" }, { kind: "dip-to-black", durationSec: 2 }), panel(4)];
    expect(totalDuration(panels)).toBe(9.5);
    expect(panelAt(panels, 0)).toBe(0);
    expect(panelAt(panels, 2.99)).toBe(0);
    expect(panelAt(panels, 3)).toBe(1);
    expect(panelAt(panels, 9.4)).toBe(2);
  });

  it("shows one panel whole, at full opacity, away from its cuts", () => {
    const panels = [panel(3), panel(3)];
    expect(frameAt(panels, 1.5)).toEqual({ layers: [{ panel: 0, view: FULL_FRAME, opacity: 1 }], fade: 0 });
    expect(frameAt(panels, 4.5).layers.map((l) => l.panel)).toEqual([1]);
  });

  it("crossfades centred on the cut: half the next panel exactly at the cut", () => {
    const panels = [panel(3, { kind: "none" }, { kind: "crossfade", durationSec: 1 }), panel(3)];
    expect(transitionHalf(panels, 0)).toBe(0.5);
    expect(frameAt(panels, 2.4).layers).toHaveLength(1);
    const atCut = frameAt(panels, 3);
    expect(atCut.layers.map((l) => [l.panel, l.opacity])).toEqual([
      [0, 1],
      [1, 0.5],
    ]);
    const quarter = frameAt(panels, 2.75).layers[1]!;
    expect(quarter.panel).toBe(1);
    expect(quarter.opacity).toBeCloseTo(0.25);
    expect(frameAt(panels, 3.25).layers[1]!.opacity).toBeCloseTo(0.75);
    expect(frameAt(panels, 3.6).layers).toHaveLength(1);
  });

  it("dips to black: out to black at the cut, back in after it", () => {
    const panels = [panel(2, { kind: "none" }, { kind: "dip-to-black", durationSec: 1 }), panel(2)];
    expect(frameAt(panels, 1.5).fade).toBeCloseTo(0);
    expect(frameAt(panels, 1.75).fade).toBeCloseTo(0.5);
    expect(frameAt(panels, 1.999).fade).toBeCloseTo(1, 2);
    expect(frameAt(panels, 2).fade).toBeCloseTo(1);
    expect(frameAt(panels, 2).layers[0]!.panel).toBe(1);
    expect(frameAt(panels, 2.25).fade).toBeCloseTo(0.5);
    expect(frameAt(panels, 2.5).fade).toBe(0);
  });

  it("keeps a transition within half of the shorter panel", () => {
    const panels = [panel(1, { kind: "none" }, { kind: "crossfade", durationSec: 4 }), panel(0.5)];
    expect(transitionHalf(panels, 0)).toBe(0.25);
    expect(transitionHalf([panel(3, { kind: "none" }, { kind: "crossfade", durationSec: 1 })], 0)).toBe(0);
  });

  it("moves the camera with easing from the move's start frame to its end frame over the panel", () => {
    const push: CameraMove = { kind: "push-in" };
    expect(viewAt(push, 0)).toEqual(FULL_FRAME);
    const end = viewAt(push, 1);
    expect(end.width).toBeCloseTo(0.8);
    expect(end.x).toBeCloseTo(0.1);
    expect(viewAt(push, 0.5).width).toBeCloseTo(0.9);
    expect(easeInOut(0.25)).toBeLessThan(0.25);
    const panLeft = [viewAt({ kind: "pan-left" }, 0), viewAt({ kind: "pan-left" }, 1)];
    expect(panLeft[0]!.x).toBeGreaterThan(panLeft[1]!.x);
    const custom: CameraMove = { kind: "custom", from: { x: 0.5, y: 0.5, width: 0.5, height: 0.5 }, to: { x: 0, y: 0, width: 0.25, height: 0.25 } };
    expect(viewAt(custom, 1)).toEqual(custom.to);
    const panels = [panel(4, push)];
    expect(frameAt(panels, 2).layers[0]!.view.width).toBeCloseTo(0.9);
  });

  it("loads panels saved before the animatic with a still frame, a cut and no clip", () => {
    expect(PanelAnimaticSchema.safeParse(DEFAULT_PANEL_ANIMATIC).success).toBe(true);
    expect(PanelAnimaticSchema.safeParse({ ...DEFAULT_PANEL_ANIMATIC, move: { kind: "custom" } }).success).toBe(false);
    expect(PanelAnimaticSchema.safeParse({ ...DEFAULT_PANEL_ANIMATIC, move: { kind: "custom", from: { x: 0.6, y: 0, width: 0.6, height: 1 }, to: FULL_FRAME } }).success).toBe(false);
  });
});

describe("drawFrame", () => {
  it("letterboxes each layer's view into the frame, with its opacity, then the fade", () => {
    const calls: unknown[][] = [];
    const ctx = new Proxy(
      { globalAlpha: 1, fillStyle: "" } as Record<string, unknown>,
      {
        get: (target, key) =>
          key in target ? target[key as string] : (...args: unknown[]) => calls.push([key, target.globalAlpha, ...args]),
        set: (target, key, value) => ((target[key as string] = value), true),
      },
    ) as unknown as CanvasRenderingContext2D;
    const image = { source: {} as CanvasImageSource, width: 1000, height: 1000 };
    const state = { layers: [{ panel: 0, view: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 }, opacity: 0.5 }], fade: 0.25 };
    drawFrame(ctx, state, [image], 1600, 900);
    expect(calls).toEqual([
      ["fillRect", 1, 0, 0, 1600, 900],
      ["drawImage", 0.5, image.source, 100, 100, 800, 800, 350, 0, 900, 900],
      ["fillRect", 0.25, 0, 0, 1600, 900],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEFAULT_VIDEO_OPTIONS, type VideoOptions } from "@/lib/animatic/video/options";
import { openVideoPage, type VideoHarness } from "../support/video-page";

let page: Page;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ page, close } = await openVideoPage());
}, 60_000);
afterAll(() => close?.());

const harness = <R>(run: (h: VideoHarness, arg: never) => R | Promise<R>, arg?: unknown) =>
  page.evaluate(([source, a]) => new Function("h", "a", `return (${source})(h, a)`)((window as unknown as { videoHarness: VideoHarness }).videoHarness, a) as Promise<R>, [run.toString(), arg] as const);

describe("animatic video (Chromium)", () => {
  it("smoke", async () => {
    await harness((h) => h.makeBoard({ shots: [{ durationSec: 1, move: "push-in", transition: "crossfade" }, { durationSec: 1 }] }));
    const options: VideoOptions = { ...DEFAULT_VIDEO_OPTIONS };
    const result = await harness((h, o: VideoOptions) => h.runExport(o), options);
    console.log(result);
    const info = await harness((h) => h.describeFile());
    console.log(info);
  }, 120_000);
});

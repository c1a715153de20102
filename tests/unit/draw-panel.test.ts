import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { drawDraftPanels, type DraftPanelRequest } from "@/lib/offline/draw-panel";
import { BADGE_FILL, draftBadge, planPanel } from "@/lib/offline/scene";

const reference = readFileSync(fileURLToPath(new URL("../fixtures/mascot-reference.jpg", import.meta.url)));

/** A mask painted with SVG, by default at half the reference's size so it must be scaled up. */
function svgMask(body: string, background: string, [width, height] = [600, 404]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 600 404" preserveAspectRatio="none"><rect width="600" height="404" fill="${background}"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
// The crab fills the right of the fixture; the "?" sits at x < 120 (in this half-size frame).
const CRAB = `<ellipse cx="350" cy="215" rx="240" ry="210" fill="#000"/>`;

let crabMask: Buffer;
let emptyMask: Buffer;

beforeAll(async () => {
  crabMask = await svgMask(CRAB, "#fff");
  emptyMask = await svgMask("", "#fff");
});

function request(overrides: Partial<DraftPanelRequest> = {}): DraftPanelRequest {
  return { reference, prompt: "Ferris in a sunny meadow", seed: 7, width: 512, height: 512, count: 1, ...overrides };
}

async function rgb(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function meanLuma(png: Buffer): Promise<number> {
  const stats = await sharp(png).greyscale().stats();
  return stats.channels[0]!.mean;
}

describe("drawDraftPanels", () => {
  it("returns `count` PNGs of exactly the requested size", async () => {
    const panels = await drawDraftPanels(request({ count: 3, width: 640, height: 384 }));
    expect(panels).toHaveLength(3);
    for (const png of panels) {
      const meta = await sharp(png).metadata();
      expect(meta.format).toBe("png");
      expect([meta.width, meta.height, meta.channels]).toEqual([640, 384, 3]);
    }
  });

  it("is byte-identical for the same request and differs for another seed", async () => {
    const [a] = await drawDraftPanels(request({ mask: crabMask }));
    const [b] = await drawDraftPanels(request({ mask: crabMask }));
    const [c] = await drawDraftPanels(request({ mask: crabMask, seed: 8 }));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(false);
  });

  it("makes every variation of one request different, and variation i reproducible as seed + i", async () => {
    const panels = await drawDraftPanels(request({ count: 4, seed: 100 }));
    const distinct = new Set(panels.map((p) => p.toString("base64")));
    expect(distinct.size).toBe(4);
    const [third] = await drawDraftPanels(request({ seed: 102 }));
    expect(third!.equals(panels[2]!)).toBe(true);
  });

  it("pastes only the masked character, leaving the '?' glyph behind", async () => {
    // Near-black pixels per crab-red pixel: the eyes alone with the mask, eyes plus "?" without.
    // A ratio, because the cut-out's size (and so its scale in the panel) depends on the mask.
    const darkPerRed = async (png: Buffer) => {
      const { data } = await rgb(png);
      let dark = 0;
      let red = 0;
      for (let i = 0; i < data.length; i += 3) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (Math.max(r, g, b) < 40) dark++;
        if (r > 170 && g < 100 && b < 90) red++;
      }
      expect(red).toBeGreaterThan(5000);
      return dark / red;
    };
    for (const seed of [1, 2, 3]) {
      const [whole] = await drawDraftPanels(request({ seed }));
      const [masked] = await drawDraftPanels(request({ seed, mask: crabMask }));
      expect(await darkPerRed(masked!)).toBeLessThan((await darkPerRed(whole!)) * 0.75);
    }
  });

  it("honours the mask polarity setting", async () => {
    // Full size, so no resampling blurs the edge differently for the two polarities.
    const full = await svgMask(CRAB, "#fff", [1200, 807]);
    const negative = await sharp(full).negate({ alpha: false }).png().toBuffer();
    const [normal] = await drawDraftPanels(request({ mask: full }));
    const [inverted] = await drawDraftPanels(request({ mask: negative, maskInverted: true }));
    const [misread] = await drawDraftPanels(request({ mask: negative }));
    expect(inverted!.equals(normal!)).toBe(true);
    expect(misread!.equals(normal!)).toBe(false);
  });

  it("falls back to the whole reference when the mask selects nothing", async () => {
    const [unmasked] = await drawDraftPanels(request());
    const [empty] = await drawDraftPanels(request({ mask: emptyMask }));
    const [crab] = await drawDraftPanels(request({ mask: crabMask }));
    expect(empty!.equals(unmasked!)).toBe(true);
    expect(crab!.equals(unmasked!)).toBe(false);
  });

  it("marks every panel with a DRAFT badge in the top-left corner", async () => {
    for (const [width, height] of [[512, 512], [1024, 576]] as const) {
      for (const prompt of ["Ferris on a sunny beach", "Ferris in space at night"]) {
        const [png] = await drawDraftPanels(request({ width, height, prompt }));
        const { data } = await rgb(png!);
        const badge = draftBadge(width, height);
        const at = (x: number, y: number) => [...data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];
        // The padding left of the letters is the badge's own fill...
        const fill = at(badge.left + Math.round(1.5 * badge.unit), badge.top + Math.round(badge.height / 2));
        const expected = [1, 3, 5].map((i) => parseInt(BADGE_FILL.slice(i, i + 2), 16));
        fill.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(2));
        // ...and the letters are light strokes across its middle.
        let light = 0;
        for (let x = badge.left; x < badge.left + badge.width; x++) {
          for (let y = badge.top; y < badge.top + badge.height; y++) if (Math.min(...at(x, y)) > 200) light++;
        }
        expect(light).toBeGreaterThan(badge.unit * badge.unit * 15);
      }
    }
  });

  it("lets prompt cues steer the scene", async () => {
    const seeds = [3, 4, 5];
    for (const seed of seeds) {
      const [night] = await drawDraftPanels(request({ seed, prompt: "Ferris in a neon city street at night" }));
      const [beach] = await drawDraftPanels(request({ seed, prompt: "Ferris on a sunny beach" }));
      expect(await meanLuma(night!)).toBeLessThan((await meanLuma(beach!)) - 50);
    }
    // Snow lays a bright ground: the bottom strip of the panel is near white.
    const [snow] = await drawDraftPanels(request({ prompt: "Ferris in the snow", mask: crabMask }));
    const strip = await sharp(snow!).extract({ left: 0, top: 492, width: 512, height: 20 }).greyscale().stats();
    expect(strip.channels[0]!.mean).toBeGreaterThan(190);
  });

  it("varies placement, scale and facing with the seed, within the panel", () => {
    const plans = Array.from({ length: 24 }, (_, seed) =>
      planPanel({ prompt: "Ferris in a park", seed, width: 1024, height: 768, aspect: 0.8, tints: [] }).character,
    );
    for (const c of plans) {
      expect(c.height / 768).toBeGreaterThanOrEqual(0.35 - 0.01);
      expect(c.height / 768).toBeLessThanOrEqual(0.75 + 0.01);
      expect(c.left).toBeGreaterThanOrEqual(0);
      expect(c.top).toBeGreaterThanOrEqual(0);
      expect(c.left + c.width).toBeLessThanOrEqual(1024);
      expect(c.top + c.height).toBeLessThanOrEqual(768);
    }
    const thirds = new Set(plans.map((c) => Math.floor(((c.left + c.width / 2) / 1024) * 3)));
    expect(thirds.size).toBe(3);
    expect(new Set(plans.map((c) => c.flip)).size).toBe(2);
    expect(Math.max(...plans.map((c) => c.height)) - Math.min(...plans.map((c) => c.height))).toBeGreaterThan(768 * 0.2);
  });

  it("changes the look with style, palette and style references", async () => {
    const [base] = await drawDraftPanels(request());
    const variants = [
      request({ style: "FICTION" }),
      request({ style: "REALISTIC" }),
      request({ palette: { name: "EMBER" } }),
      request({ palette: { members: [{ rgb: { r: 40, g: 60, b: 200 }, color_weight: 0.9 }] } }),
      request({ styleReferences: [await svgMask("", "#7a2ad0")] }),
    ];
    for (const variant of variants) {
      const [png] = await drawDraftPanels(variant);
      expect(png!.equals(base!)).toBe(false);
    }
  });

  it("rejects undecodable images with a plain message", async () => {
    const junk = Buffer.from("definitely not an image");
    await expect(drawDraftPanels(request({ reference: junk }))).rejects.toThrow(
      "The character reference could not be decoded as an image",
    );
    await expect(drawDraftPanels(request({ mask: junk }))).rejects.toThrow("The character mask could not be decoded as an image");
    await expect(drawDraftPanels(request({ styleReferences: [junk] }))).rejects.toThrow(/style reference/i);
  });

  it("rejects sizes and counts outside the endpoint's limits", async () => {
    await expect(drawDraftPanels(request({ count: 0 }))).rejects.toThrow(RangeError);
    await expect(drawDraftPanels(request({ width: 100 }))).rejects.toThrow(RangeError);
  });
});

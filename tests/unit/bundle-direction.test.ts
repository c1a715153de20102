import { DEFAULT_COMIC } from "@/lib/comic/comic-schema";
import sharp from "sharp";
import { DEFAULT_PANEL_ANIMATIC, DEFAULT_PROJECT_ANIMATIC } from "@/lib/state/animatic-schema";
import { describe, expect, it } from "vitest";
import { exportBundle } from "@/lib/export/bundle-export";
import { readBundle } from "@/lib/export/bundle-import";
import { DEFAULT_GENERATION_SETTINGS, type Panel, type ShotRecipe, type Take } from "@/lib/state/panel-schema";
import { STATE_VERSION, type ProjectDoc } from "@/lib/state/persistence";
import type { ImageRef } from "@/lib/state/schema";

/** A fix take and a restage take travel in the bundle with the images they started from and the fix's region. */
const blobs = new Map<string, Uint8Array>();

async function png(id: string, width: number, height: number, grey?: number): Promise<ImageRef> {
  const base = sharp({ create: { width, height, channels: 3, background: grey === undefined ? { r: width % 256, g: 90, b: height % 256 } : { r: grey, g: grey, b: grey } } });
  const bytes = new Uint8Array(await (grey === undefined ? base : base.grayscale()).png().toBuffer());
  blobs.set(id, bytes);
  return { blobId: id, type: "image/png", width, height, bytes: bytes.length };
}

const blobId = (n: number) => `m${(1_700_000_000_000 + n).toString(36)}-0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`;

async function project(): Promise<{ doc: ProjectDoc; fix: Take; restage: Take }> {
  const recipe: ShotRecipe = { characterId: "ann", prompt: "Ann at the door", negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS };
  const first = await png(blobId(1), 32, 18);
  const take = (id: string, images: ImageRef[], extra: Partial<ShotRecipe> = {}): Take => ({
    id,
    requestId: `req-${id}`,
    mode: "draft",
    createdAt: 1_700_000_100_000,
    recipe: { ...recipe, ...extra },
    seed: 9,
    costCents: 15,
    images,
    thumbnails: images,
  });
  const generated = take("take-1", [first]);
  const fix = take("take-2", [await png(blobId(2), 32, 18)], {
    prompt: "a red umbrella",
    direction: { kind: "fix", source: { kind: "take", takeId: "take-1", imageIndex: 0 }, image: first, mask: await png(blobId(3), 32, 18, 0) },
  });
  const restage = take("take-3", [await png(blobId(4), 32, 18)], {
    direction: { kind: "restage", source: { kind: "upload", fileName: "layout.png" }, image: await png(blobId(5), 40, 30), strength: 0.35 },
  });
  const panel: Panel = {
    id: "panel-1",
    createdAt: 1_700_000_000_500,
    recipe,
    shot: { size: null, angle: null, caption: "", notes: "", durationSec: 3, dialogue: [] },
    takes: [generated, fix, restage],
    sketch: null,
    animatic: DEFAULT_PANEL_ANIMATIC,
    chosen: { takeId: "take-2", imageIndex: 0 },
    pending: null,
    error: null,
  };
  const reference = await png(blobId(6), 24, 24);
  const doc: ProjectDoc = {
    version: STATE_VERSION,
    characters: [{ id: "ann", name: "Ann", notes: "", reference, thumbnail: reference, mask: null, createdAt: 1 }],
    panels: [panel],
    projectSettings: { defaults: DEFAULT_GENERATION_SETTINGS, animatic: DEFAULT_PROJECT_ANIMATIC, comic: DEFAULT_COMIC },
  };
  return { doc, fix, restage };
}

describe("project bundle: fixed and restaged takes", () => {
  it("gives a fix take's recipe, image and region back byte for byte, and a restage's starting image", async () => {
    const { doc, fix, restage } = await project();
    const zip = await exportBundle({ name: "Directed", doc }, async (id) => {
      const bytes = blobs.get(id);
      return bytes && new Blob([new Uint8Array(bytes)], { type: "image/png" });
    });
    const result = await readBundle(zip);
    expect(result.missing).toEqual([]);
    const [imported] = result.doc.panels;
    expect(imported!.takes.find((t) => t.id === fix.id)!.recipe).toEqual(fix.recipe);
    expect(imported!.takes.find((t) => t.id === restage.id)!.recipe).toEqual(restage.recipe);
    const direction = fix.recipe.direction!;
    const bytes = async (id: string) => new Uint8Array(await result.images.get(id)!.arrayBuffer());
    expect(await bytes(direction.image.blobId)).toEqual(blobs.get(direction.image.blobId));
    expect(direction.kind === "fix" && (await bytes(direction.mask.blobId))).toEqual(blobs.get(blobId(3)));
    expect(await bytes(restage.recipe.direction!.image.blobId)).toEqual(blobs.get(blobId(5)));
    expect(result.doc).toEqual(doc);
  });
});

import { beforeEach, describe, expect, it, vi } from "vitest";
import { LIMITS } from "@/lib/fal/schema";
import { addStyleReferences, STYLE_REFERENCE_LONG_EDGE } from "@/lib/generation/add-style-references";
import { DEFAULT_GENERATION_SETTINGS } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import type { ImageRef } from "@/lib/state/schema";
import { useCastboard } from "@/lib/state/store";

/*
 * Style-reference intake without a browser: scaling an image needs canvas, so normalizeImage
 * answers with a blob the size of the file it was given (empty files still reach the real check).
 */
const stored = vi.hoisted(() => ({ blobs: [] as Blob[], scaledTo: [] as (number | undefined)[] }));

vi.mock("@/lib/images/ingest", async (original) => {
  const real = await original<typeof import("@/lib/images/ingest")>();
  return {
    ...real,
    normalizeImage: async (file: File, options: { maxLongEdge?: number }) => {
      if (file.size === 0) return real.normalizeImage(file, options);
      stored.scaledTo.push(options.maxLongEdge);
      return { blob: new Blob([new Uint8Array(file.size)], { type: "image/webp" }), type: "image/webp", width: 512, height: 512 };
    },
  };
});
vi.mock("@/lib/storage/blob-store", async (original) => ({
  ...(await original<typeof import("@/lib/storage/blob-store")>()),
  putBlob: async (blob: Blob) => {
    // One size stands for a full quota.
    if (blob.size === 13) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    stored.blobs.push(blob);
    return `blob-${stored.blobs.length}`;
  },
}));

const MB = 1000 * 1000;
const FULL_STORAGE_BYTES = 13;
const file = (name: string, bytes: number) => new File([new Uint8Array(bytes)], name, { type: "image/png" });
const referencesOf = (panelId: string) => useCastboard.getState().panels.find((p) => p.id === panelId)!.recipe.settings.styleReferences;

/** The composer's setter, as the component passes it. */
const intakeFor = (panelId: string) => ({
  save: vi.fn((references: ImageRef[]) => useCastboard.getState().updatePanelSettings(panelId, { styleReferences: references })),
  onFileDone: vi.fn(),
});

let panelId: string;

beforeEach(() => {
  stored.blobs = [];
  stored.scaledTo = [];
  const panel = newPanel(null, DEFAULT_GENERATION_SETTINGS);
  panelId = panel.id;
  useCastboard.setState({ panels: [panel], past: [], future: [] });
});

describe("addStyleReferences", () => {
  it("scales, stores and appends each image in order, reporting every file as done", async () => {
    const intake = intakeFor(panelId);
    const refused = await addStyleReferences(panelId, [file("a.png", 1000), file("b.png", 2000)], intake);
    expect(refused).toEqual([]);
    expect(stored.scaledTo).toEqual([STYLE_REFERENCE_LONG_EDGE, STYLE_REFERENCE_LONG_EDGE]);
    expect(referencesOf(panelId)).toEqual([
      { blobId: "blob-1", type: "image/webp", width: 512, height: 512, bytes: 1000 },
      { blobId: "blob-2", type: "image/webp", width: 512, height: 512, bytes: 2000 },
    ]);
    expect(intake.save).toHaveBeenCalledTimes(2);
    expect(intake.onFileDone).toHaveBeenCalledTimes(2);
  });

  it("refuses what would pass the endpoint's total size, before storing it, and keeps going with the rest", async () => {
    const intake = intakeFor(panelId);
    const refused = await addStyleReferences(panelId, [file("big.png", 6 * MB), file("bigger.png", 5 * MB), file("small.png", 1 * MB)], intake);
    expect(refused).toEqual(["“bigger.png” was not added: style images would total 11 MB, over the 10 MB limit."]);
    expect(referencesOf(panelId).map((r) => r.bytes)).toEqual([6 * MB, 1 * MB]);
    expect(stored.blobs).toHaveLength(2);
    expect(intake.onFileDone).toHaveBeenCalledTimes(3);
  });

  it("refuses images past the endpoint's count, and unreadable files with the reason", async () => {
    const intake = intakeFor(panelId);
    const files = Array.from({ length: LIMITS.styleReferenceImages + 1 }, (_, i) => file(`s${i}.png`, 100));
    const refused = await addStyleReferences(panelId, [...files, file("empty.png", 0)], intake);
    expect(referencesOf(panelId)).toHaveLength(LIMITS.styleReferenceImages);
    expect(refused[0]).toBe(`“s${LIMITS.styleReferenceImages}.png” was not added: at most ${LIMITS.styleReferenceImages} style images can be used.`);
    expect(refused).toHaveLength(2);
    expect(refused[1]).toContain("“empty.png”");
    expect(intake.onFileDone).toHaveBeenCalledTimes(files.length + 1);
  });

  it("says the file could not be stored when storage refuses it, and adds nothing for it", async () => {
    const intake = intakeFor(panelId);
    const refused = await addStyleReferences(panelId, [file("a.png", FULL_STORAGE_BYTES)], intake);
    expect(refused).toEqual(["“a.png” could not be stored in this browser (storage may be full). Try again."]);
    expect(referencesOf(panelId)).toEqual([]);
    expect(intake.onFileDone).toHaveBeenCalledTimes(1);
  });
});

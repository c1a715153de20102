import { DEFAULT_COMIC } from "@/lib/comic/comic-schema";
import sharp from "sharp";
import { DEFAULT_PANEL_ANIMATIC, DEFAULT_PROJECT_ANIMATIC } from "@/lib/state/animatic-schema";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { BundleError } from "@/lib/export/bundle-common";
import { exportBundle } from "@/lib/export/bundle-export";
import { readBundle, type ReadBundleOptions } from "@/lib/export/bundle-import";
import { BUNDLE_FORMAT, BUNDLE_VERSION, BUNDLE_VERSION_WITHOUT_AUDIO, BundleManifestSchema, MAX_BUNDLE_ENTRIES, type BundleManifest } from "@/lib/export/bundle-schema";
import { ExportCancelled, type ExportProgress } from "@/lib/export/types";
import { DEFAULT_GENERATION_SETTINGS, type Panel, type Take } from "@/lib/state/panel-schema";
import { STATE_VERSION, type ProjectDoc } from "@/lib/state/persistence";
import type { ImageRef } from "@/lib/state/schema";

// ---------------------------------------------------------------------------------------------
// A project built from the schemas, with real image bytes

type ImageType = ImageRef["type"];
const blobs = new Map<string, Blob>();
const bytesById = new Map<string, Uint8Array>();
let doc: ProjectDoc;
let bundle: Uint8Array;
let png: Uint8Array;
let jpeg: Uint8Array;
let gif: Uint8Array;

async function makeImage(id: string, format: "png" | "jpeg" | "webp", seed: number, grey = false): Promise<ImageRef> {
  const base = sharp({ create: { width: 16, height: 12, channels: 3, background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 31) % 256 } } });
  const buffer = await (grey ? base.grayscale() : base)[format]().toBuffer();
  const bytes = new Uint8Array(buffer);
  const type: ImageType = format === "png" ? "image/png" : format === "jpeg" ? "image/jpeg" : "image/webp";
  blobs.set(id, new Blob([bytes], { type }));
  bytesById.set(id, bytes);
  return { blobId: id, type, width: 16, height: 12, bytes: bytes.length };
}

const blobId = (n: number) => `m${(1_700_000_000_000 + n).toString(36)}-0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`;

async function buildDoc(): Promise<ProjectDoc> {
  let n = 0;
  const next = () => blobId(++n);
  const styleRef = await makeImage(next(), "jpeg", 1);
  const settings = { ...DEFAULT_GENERATION_SETTINGS, styleMode: "style" as const, style: "FICTION" as const, styleReferences: [styleRef], seedMode: "locked" as const, seed: 42 };
  const recipe = { characterId: "char-ann", prompt: "Ann at the door, rain", negativePrompt: "text", settings };
  const take = async (id: string, count: number, format: "png" | "webp"): Promise<Take> => ({
    id,
    requestId: `req-${id}`,
    mode: "fal",
    createdAt: 1_700_000_100_000,
    recipe: { ...recipe, settings: { ...settings, numImages: count, palette: { kind: "custom", members: [{ hex: "#112233", weight: 0.5 }] } } },
    seed: 1234,
    costCents: 8,
    images: await Promise.all(Array.from({ length: count }, (_, i) => makeImage(next(), format, 10 + i))),
    thumbnails: await Promise.all(Array.from({ length: count }, (_, i) => makeImage(next(), "jpeg", 20 + i))),
  });
  const panelOne: Panel = {
    id: "panel-1",
    createdAt: 1_700_000_000_500,
    recipe,
    shot: {
      size: "close-up",
      angle: "low",
      caption: "Ann hesitates.",
      notes: "Hold on the hand.",
      durationSec: 2.5,
      dialogue: [
        { id: "line-1", speakerId: "char-ann", text: "Is anyone home?", x: 0.3, y: 0.2 },
        { id: "line-2", speakerId: null, text: "(thunder)", x: 0.7, y: 0.8 },
      ],
    },
    takes: [await take("take-1", 2, "png"), await take("take-2", 1, "webp")],
    sketch: null,
    animatic: DEFAULT_PANEL_ANIMATIC,
    chosen: { takeId: "take-2", imageIndex: 0 },
    pending: null,
    error: null,
  };
  const panelTwo: Panel = {
    id: "panel-2",
    createdAt: 1_700_000_000_600,
    recipe: { characterId: null, prompt: "Empty street", negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS },
    shot: { size: null, angle: null, caption: "", notes: "", durationSec: 3, dialogue: [] },
    takes: [],
    sketch: null,
    animatic: DEFAULT_PANEL_ANIMATIC,
    chosen: null,
    pending: null,
    error: { kind: "rate_limit", message: "Too many requests", fields: {} },
  };
  return {
    version: STATE_VERSION,
    characters: [
      {
        id: "char-ann",
        name: "Ann",
        notes: "Lead; red coat.",
        reference: await makeImage(next(), "png", 2),
        thumbnail: await makeImage(next(), "jpeg", 3),
        mask: await makeImage(next(), "png", 4, true),
        createdAt: 1_700_000_000_000,
      },
      {
        id: "char-bo",
        name: "Bo",
        notes: "",
        // An id unfit as a file name (older data, other tools): stored under a neutral name.
        reference: await makeImage("legacy/ref id", "webp", 5),
        thumbnail: await makeImage(next(), "jpeg", 6),
        mask: null,
        createdAt: 1_700_000_000_100,
      },
    ],
    panels: [panelOne, panelTwo],
    projectSettings: { defaults: { ...DEFAULT_GENERATION_SETTINGS, imageSize: { kind: "preset", preset: "portrait_4_3" }, renderingSpeed: "TURBO" }, animatic: DEFAULT_PROJECT_ANIMATIC, comic: DEFAULT_COMIC },
  };
}

const readBlob = async (id: string) => blobs.get(id);

beforeAll(async () => {
  doc = await buildDoc();
  bundle = await exportBundle({ name: "Rain Night", doc }, readBlob);
  png = bytesById.get(doc.characters[0]!.reference.blobId)!;
  jpeg = bytesById.get(doc.characters[0]!.thumbnail.blobId)!;
  gif = new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } }).gif().toBuffer());
});

// ---------------------------------------------------------------------------------------------
// Hostile bundle helpers

const entriesOf = (zip: Uint8Array) => unzipSync(zip) as Record<string, Uint8Array>;
const manifestOf = (files: Record<string, Uint8Array>) => JSON.parse(strFromU8(files["project.json"]!)) as BundleManifest & { project: { doc: ProjectDoc } };
const withManifest = (files: Record<string, Uint8Array>, manifest: unknown): Zippable => ({ ...files, "project.json": strToU8(JSON.stringify(manifest)) });
const u8 = (buffer: Buffer | Uint8Array) => new Uint8Array(buffer);

/** The first image of the first character's reference: its manifest entry and file name. */
function referenceImage(manifest: BundleManifest) {
  const image = manifest.images.find((i) => i.id === doc.characters[0]!.reference.blobId)!;
  return image;
}

/** Patches a central directory record (the one naming `name`) in a copy of the zip. */
function patchCentral(zip: Uint8Array, name: string, patch: (view: DataView, at: number) => void): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const nameBytes = strToU8(name);
  for (let at = 0; at + 46 + nameBytes.length <= out.length; at++) {
    if (view.getUint32(at, true) === 0x02014b50 && view.getUint16(at + 28, true) === nameBytes.length && nameBytes.every((b, i) => out[at + 46 + i] === b)) {
      patch(view, at);
      return out;
    }
  }
  throw new Error(`no central record for ${name}`);
}

/** Replaces every occurrence of one name with another of the same length (local and central headers). */
function renameAll(zip: Uint8Array, from: string, to: string): Uint8Array {
  const out = Buffer.from(zip);
  const source = Buffer.from(from);
  for (let at = out.indexOf(source); at >= 0; at = out.indexOf(source, at + 1)) out.write(to, at, "latin1");
  return u8(out);
}

async function refusal(bytes: Uint8Array, options?: ReadBundleOptions): Promise<BundleError> {
  try {
    await readBundle(bytes, options);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error("the bundle was accepted");
}

// ---------------------------------------------------------------------------------------------

describe("project bundle: export and import", () => {
  it("round-trips the project exactly, with byte-identical images", async () => {
    const result = await readBundle(bundle);
    expect(result.name).toBe("Rain Night");
    expect(result.doc).toEqual(doc);
    expect(result.missing).toEqual([]);
    expect([...result.images.keys()].sort()).toEqual([...bytesById.keys()].sort());
    for (const [id, blob] of result.images) {
      expect(u8(new Uint8Array(await blob.arrayBuffer()))).toEqual(bytesById.get(id));
      expect(blob.type).toBe(blobs.get(id)!.type);
    }
  });

  it("carries a panel's sketch: export then import gives it back byte for byte", async () => {
    const sketchBytes = u8(await sharp({ create: { width: 16, height: 12, channels: 3, background: "#ffffff" } }).composite([{ input: { create: { width: 6, height: 2, channels: 3, background: "#1c1c1c" } }, top: 5, left: 5 }]).png().toBuffer());
    const sketchId = blobId(900);
    const sketch = { image: { blobId: sketchId, type: "image/png" as const, width: 16, height: 12, bytes: sketchBytes.length }, updatedAt: 1_700_000_200_000, preferred: true };
    const withSketch: ProjectDoc = { ...doc, panels: doc.panels.map((p) => (p.id === "panel-2" ? { ...p, sketch } : p)) };
    const read = async (id: string) => (id === sketchId ? new Blob([sketchBytes], { type: "image/png" }) : blobs.get(id));
    const result = await readBundle(await exportBundle({ name: "Sketched", doc: withSketch }, read));
    expect(result.doc.panels[1]!.sketch).toEqual(sketch);
    expect(result.missing).toEqual([]);
    expect(u8(new Uint8Array(await result.images.get(sketchId)!.arrayBuffer()))).toEqual(sketchBytes);
  });

  it("writes a standard ZIP: a valid project.json, images stored as-is under images/<id>.<ext>", () => {
    const files = entriesOf(bundle);
    const manifest = manifestOf(files);
    expect(BundleManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest).toMatchObject({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION_WITHOUT_AUDIO, app: "Castboard", missing: [] });
    expect(new Date(manifest.exportedAt).toISOString()).toBe(manifest.exportedAt);
    expect(Object.keys(files).sort()).toEqual(["project.json", ...manifest.images.map((i) => i.path)].sort());
    const ref = referenceImage(manifest);
    expect(ref.path).toBe(`images/${ref.id}.png`);
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.images.find((i) => i.id === "legacy/ref id")!.path).toMatch(/^images\/_\d+\.webp$/);
    // Stored, not deflated: each image's bytes appear verbatim in the archive.
    for (const [id, bytes] of bytesById) expect(Buffer.from(bundle).indexOf(Buffer.from(bytes)), id).toBeGreaterThan(0);
  });

  it("reports progress per image and can be cancelled", async () => {
    const progress: ExportProgress[] = [];
    await exportBundle({ name: "P", doc }, readBlob, { onProgress: (p) => progress.push(p) });
    expect(progress[0]).toEqual({ done: 0, total: bytesById.size });
    expect(progress.at(-1)).toEqual({ done: bytesById.size, total: bytesById.size });

    const controller = new AbortController();
    const cancelled = exportBundle({ name: "P", doc }, readBlob, { signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() });
    await expect(cancelled).rejects.toBeInstanceOf(ExportCancelled);
  });

  it("leaves out images missing from storage, lists them, and imports the rest", async () => {
    const lost = doc.panels[0]!.takes[0]!.images[1]!.blobId;
    let reported: string[] = [];
    const zip = await exportBundle({ name: "P", doc }, async (id) => (id === lost ? undefined : blobs.get(id)), { onMissing: (ids) => (reported = ids) });
    expect(reported).toEqual([lost]);
    expect(manifestOf(entriesOf(zip)).missing).toEqual([lost]);
    const result = await readBundle(zip);
    expect(result.doc).toEqual(doc);
    expect(result.missing).toEqual([lost]);
    expect(result.images.has(lost)).toBe(false);
    expect(result.images.size).toBe(bytesById.size - 1);
  });

  it("refuses to export a project that would not import", async () => {
    const broken = { ...doc, characters: [{ ...doc.characters[0]!, name: "x".repeat(500) }] };
    const error = await exportBundle({ name: "P", doc: broken }, readBlob).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe("bad_project");
    expect((error as BundleError).message).toMatch(/Character “x+/);
  });
});

describe("project bundle: refusals", () => {
  it("not_zip: a file that is not a ZIP", async () => {
    const error = await refusal(png);
    expect(error.code).toBe("not_zip");
    expect(error.message).toMatch(/not a ZIP archive/);
  });

  it("not_zip: a ZIP cut short", async () => {
    for (const cut of [bundle.subarray(0, bundle.length - 30), bundle.subarray(0, bundle.length >> 1)]) {
      const error = await refusal(cut);
      expect(error.code).toBe("not_zip");
      expect(error.message).toMatch(/incomplete.*cut short/);
    }
  });

  it("too_large: a file over the size limit", async () => {
    const error = await refusal(bundle, { limits: { bundleBytes: 1000 } });
    expect(error.code).toBe("too_large");
    expect(error.message).toMatch(/This file is \d+(\.\d)? KB; Castboard imports bundles of up to 1 KB/);
  });

  it("too_large: declared sizes over the limit are refused before anything is inflated", async () => {
    const zip = patchCentral(bundle, "project.json", (view, at) => view.setUint32(at + 24, 0x7fffffff, true));
    const error = await refusal(zip);
    expect(error.code).toBe("too_large");
    expect(error.message).toMatch(/would unpack to 2.1 GB, more than the 525 MB/);

    const manifest = manifestOf(entriesOf(bundle));
    const big = patchCentral(zipSync({ "project.json": strToU8(JSON.stringify(manifest)) }), "project.json", (view, at) => view.setUint32(at + 24, 30_000_000, true));
    const bigManifest = await refusal(big);
    expect(bigManifest.code).toBe("too_large");
    expect(bigManifest.message).toMatch(/project\.json is 30 MB; Castboard allows up to 21 MB/);
  });

  it("damaged: an entry that inflates to more than it declares (zip bomb) is stopped early", async () => {
    const manifest = manifestOf(entriesOf(bundle));
    const text = JSON.stringify(manifest);
    // Valid JSON padded with 16 MB of whitespace, declared as the JSON's size alone.
    const zip = patchCentral(zipSync({ "project.json": strToU8(text + " ".repeat(16 * 1024 * 1024)) }), "project.json", (view, at) => view.setUint32(at + 24, text.length, true));
    const error = await refusal(zip);
    expect(error.code).toBe("damaged");
    expect(error.message).toMatch(/unpacks to more than the \d+(\.\d)? KB it declares.*zip bomb/);
  });

  it("too_many_entries: more entries than a bundle may hold", async () => {
    const files: Zippable = {};
    for (let i = 0; i <= MAX_BUNDLE_ENTRIES; i++) files[`f${i}`] = new Uint8Array(0);
    const error = await refusal(zipSync(files));
    expect(error.code).toBe("too_many_entries");
    expect(error.message).toMatch(/holds 5,001 files; a Castboard bundle holds at most 5,000/);
  });

  it("missing_manifest: a ZIP without project.json (or with it inside a folder)", async () => {
    const files = entriesOf(bundle);
    for (const zip of [zipSync({ "images/a.png": png }), zipSync({ "Rain Night/project.json": files["project.json"]! })]) {
      const error = await refusal(zip);
      expect(error.code).toBe("missing_manifest");
      expect(error.message).toMatch(/no project\.json/);
    }
  });

  it("bad_manifest: malformed JSON, another format, a manifest that does not validate", async () => {
    const files = entriesOf(bundle);
    const manifest = manifestOf(files);

    const malformed = await refusal(zipSync({ ...files, "project.json": strToU8('{"format": "castboard-project", ') }));
    expect(malformed.code).toBe("bad_manifest");
    expect(malformed.message).toMatch(/project\.json is not valid JSON/);

    const other = await refusal(zipSync(withManifest(files, { ...manifest, format: "something-else" })));
    expect(other.code).toBe("bad_manifest");
    expect(other.message).toMatch(/does not describe a Castboard project/);

    const images = manifest.images.map((i, index) => (index === 0 ? { ...i, path: "images/../x.png" } : i));
    const invalid = await refusal(zipSync(withManifest(files, { ...manifest, images })));
    expect(invalid.code).toBe("bad_manifest");
    expect(invalid.message).toMatch(/project\.json is damaged \(images\.0\.path: must be images\/<name>/);

    const twice = await refusal(zipSync(withManifest(files, { ...manifest, images: [...manifest.images, manifest.images[0]] })));
    expect(twice.code).toBe("bad_manifest");
    expect(twice.message).toMatch(/lists the image “.+” twice/);
  });

  it("wrong_version: a bundle or a project from a newer Castboard", async () => {
    const files = entriesOf(bundle);
    const manifest = manifestOf(files);
    const newerBundle = await refusal(zipSync(withManifest(files, { ...manifest, version: BUNDLE_VERSION + 1 })));
    expect(newerBundle.code).toBe("wrong_version");
    expect(newerBundle.message).toMatch(/newer version of Castboard \(bundle format 3; this version reads up to 2\)/);

    const newerDoc = await refusal(zipSync(withManifest(files, { ...manifest, project: { ...manifest.project, doc: { ...doc, version: STATE_VERSION + 1 } } })));
    expect(newerDoc.code).toBe("wrong_version");
    expect(newerDoc.message).toMatch(/project version 4; this version reads up to 3/);
  });

  it("unsafe_path: entries that could escape the folder they are unpacked to", async () => {
    const files = entriesOf(bundle);
    const cases: [string, RegExp][] = [
      ["../evil.png", /climbs out of the bundle/],
      ["images/../../evil.png", /climbs out of the bundle/],
      ["/etc/evil.png", /absolute path/],
      ["images\\evil.png", /backslash/],
      ["C:/evil.png", /drive letter/],
      ["images/./evil.png", /empty or “\.” folder/],
    ];
    for (const [name, why] of cases) {
      const error = await refusal(zipSync({ ...files, [name]: png }));
      expect(error.code, name).toBe("unsafe_path");
      expect(error.entry).toBe(name);
      expect(error.message).toContain(`“${name}”`);
      expect(error.message).toMatch(why);
    }
  });

  it("duplicate_entry: the same name twice (which fflate's unzip would silently merge)", async () => {
    const files = entriesOf(bundle);
    const zip = renameAll(zipSync({ ...files, "project.jsoX": strToU8("{}") }), "project.jsoX", "project.json");
    expect(Object.keys(unzipSync(zip)).filter((n) => n === "project.json")).toHaveLength(1);
    const error = await refusal(zip);
    expect(error.code).toBe("duplicate_entry");
    expect(error.message).toMatch(/contains “project\.json” twice/);
  });

  it("missing_image: listed but absent, or used by the project but not listed", async () => {
    const files = entriesOf(bundle);
    const manifest = manifestOf(files);
    const ref = referenceImage(manifest);

    const absent = { ...files };
    delete absent[ref.path];
    const error = await refusal(zipSync(absent));
    expect(error.code).toBe("missing_image");
    expect(error.message).toContain(`lists the image “${ref.path}”, but the bundle does not contain it`);

    const unlisted = await refusal(zipSync(withManifest(files, { ...manifest, images: manifest.images.filter((i) => i !== ref) })));
    expect(unlisted.code).toBe("missing_image");
    expect(unlisted.message).toContain(`uses the image “${ref.id}”, which the bundle does not list`);
  });

  it("not_an_image: bytes that are not JPEG, PNG or WebP, or not of the listed type", async () => {
    const files = entriesOf(bundle);
    const manifest = manifestOf(files);
    const ref = referenceImage(manifest);
    const replace = (bytes: Uint8Array) =>
      zipSync(withManifest({ ...files, [ref.path]: bytes }, { ...manifest, images: manifest.images.map((i) => (i === ref ? { ...i, bytes: bytes.length, sha256: undefined } : i)) }));

    const text = await refusal(replace(strToU8("just some text")));
    expect(text.code).toBe("not_an_image");
    expect(text.message).toContain(`“${ref.path}” in this bundle is an unrecognised file, not a JPEG, PNG or WebP image`);

    const animated = await refusal(replace(gif));
    expect(animated.code).toBe("not_an_image");
    expect(animated.message).toMatch(/is a GIF, not a JPEG, PNG or WebP image/);

    const mislabelled = await refusal(replace(jpeg));
    expect(mislabelled.code).toBe("not_an_image");
    expect(mislabelled.message).toMatch(/is a JPEG image, but project\.json says it is a PNG/);
  });

  it("image_too_large: an image declared over 53 MB is refused before it is read", async () => {
    const ref = referenceImage(manifestOf(entriesOf(bundle)));
    const zip = patchCentral(bundle, ref.path, (view, at) => view.setUint32(at + 24, 60_000_000, true));
    const error = await refusal(zip);
    expect(error.code).toBe("image_too_large");
    expect(error.message).toContain(`“${ref.path}” in this bundle is 60 MB; Castboard accepts images up to 53 MB`);
  });

  it("bad_project: a document sanitizeProject would not keep whole", async () => {
    const files = entriesOf(bundle);
    const manifest = manifestOf(files);
    const characters = [{ ...doc.characters[0]!, name: "A".repeat(200) }, doc.characters[1]];
    const dropped = await refusal(zipSync(withManifest(files, { ...manifest, project: { ...manifest.project, doc: { ...doc, characters } } })));
    expect(dropped.code).toBe("bad_project");
    expect(dropped.message).toMatch(/project in this bundle is damaged: Character “A+” \(Too big.*\) \[character 1, name: Too big.*\]\. Nothing was imported/);

    const panels = [{ ...doc.panels[0]!, shot: { ...doc.panels[0]!.shot, durationSec: 999 } }];
    const badPanel = await refusal(zipSync(withManifest(files, { ...manifest, project: { ...manifest.project, doc: { ...doc, panels } } })));
    expect(badPanel.code).toBe("bad_project");
    expect(badPanel.message).toMatch(/Panel #1 \(Too big: expected number to be <=120\) \[panel 1, shot\.durationSec: Too big/);

    const withoutPanels: Partial<ProjectDoc> = { ...doc };
    delete withoutPanels.panels;
    const hollow = await refusal(zipSync(withManifest(files, { ...manifest, project: { ...manifest.project, doc: withoutPanels } })));
    expect(hollow.code).toBe("bad_project");
    expect(hollow.message).toMatch(/lacks its cast or its panels/);
  });

  it("damaged: image bytes that fail the CRC or the recorded SHA-256", async () => {
    const manifest = manifestOf(entriesOf(bundle));
    const ref = referenceImage(manifest);
    const flipped = bundle.slice();
    const at = Buffer.from(flipped).indexOf(Buffer.from(png)) + png.length - 20;
    flipped[at] = flipped[at]! ^ 0xff;
    const crc = await refusal(flipped);
    expect(crc.code).toBe("damaged");
    expect(crc.message).toContain(`“${ref.path}” in this bundle is damaged: its checksum does not match`);

    // Another valid PNG re-zipped in its place: the CRC is right, the recorded SHA-256 is not.
    const other = bytesById.get(doc.characters[0]!.mask!.blobId)!;
    const files = entriesOf(bundle);
    const swapped = zipSync(withManifest({ ...files, [ref.path]: other }, { ...manifest, images: manifest.images.map((i) => (i === ref ? { ...i, bytes: other.length } : i)) }));
    const sha = await refusal(swapped);
    expect(sha.code).toBe("damaged");
    expect(sha.message).toMatch(/does not match the checksum recorded when it was exported/);
  });
});

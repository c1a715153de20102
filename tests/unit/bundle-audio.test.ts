import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { exportBundle } from "@/lib/export/bundle-export";
import { readBundle } from "@/lib/export/bundle-import";
import { BUNDLE_VERSION, BUNDLE_VERSION_WITHOUT_AUDIO, type BundleManifest } from "@/lib/export/bundle-schema";
import { DEFAULT_PANEL_ANIMATIC, type AudioClip } from "@/lib/state/animatic-schema";
import { DEFAULT_PROJECT_SETTINGS } from "@/lib/state/project-schema";
import { DEFAULT_GENERATION_SETTINGS } from "@/lib/state/panel-schema";
import { newPanel } from "@/lib/state/panel-slice";
import { STATE_VERSION, type ProjectDoc } from "@/lib/state/persistence";
import { makeWav } from "../support/wav";

const wav = makeWav(0.5);
// An MP3 as far as its bytes go: an ID3 tag then an MPEG frame header (the bundle checks bytes, it does not decode).
const mp3 = new Uint8Array([...strToU8("ID3"), 4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64, ...new Array(400).fill(7)]);
const clip = (blobId: string, bytes: Uint8Array, type: AudioClip["audio"]["type"], volume: number): AudioClip => ({
  audio: { blobId, type, fileName: `${blobId}.${type === "audio/wav" ? "wav" : "mp3"}`, bytes: bytes.length, durationSec: 0.5 },
  volume,
});
const ids = { line: "mabc-line-1", music: "mabc-music-2" };
const blobs = new Map([
  [ids.line, new Blob([wav], { type: "audio/wav" })],
  [ids.music, new Blob([mp3], { type: "audio/mpeg" })],
]);

function project(): ProjectDoc {
  const panel = newPanel(null, DEFAULT_GENERATION_SETTINGS);
  return {
    version: STATE_VERSION,
    characters: [],
    panels: [{ ...panel, animatic: { ...DEFAULT_PANEL_ANIMATIC, clip: clip(ids.line, wav, "audio/wav", 1.5) } }, newPanel(null, DEFAULT_GENERATION_SETTINGS)],
    projectSettings: { ...DEFAULT_PROJECT_SETTINGS, animatic: { soundtrack: clip(ids.music, mp3, "audio/mpeg", 0.4) } },
  } as ProjectDoc;
}

const manifestOf = (zip: Uint8Array) => JSON.parse(new TextDecoder().decode(unzipSync(zip)["project.json"])) as BundleManifest;

describe("project bundle with sound", () => {
  it("carries every clip byte for byte under audio/ and brings it back with its clip settings", async () => {
    const zip = await exportBundle({ name: "Sound", doc: project() }, async (id) => blobs.get(id));
    const files = unzipSync(zip);
    const manifest = manifestOf(zip);
    expect(manifest.version).toBe(BUNDLE_VERSION);
    expect(manifest.audio.map((a) => [a.id, a.path, a.type, a.bytes])).toEqual([
      [ids.line, `audio/${ids.line}.wav`, "audio/wav", wav.length],
      [ids.music, `audio/${ids.music}.mp3`, "audio/mpeg", mp3.length],
    ]);
    expect(files[`audio/${ids.line}.wav`]).toEqual(wav);
    expect(files[`audio/${ids.music}.mp3`]).toEqual(mp3);

    const back = await readBundle(zip);
    expect(new Uint8Array(await back.images.get(ids.line)!.arrayBuffer())).toEqual(wav);
    expect(new Uint8Array(await back.images.get(ids.music)!.arrayBuffer())).toEqual(mp3);
    expect(back.images.get(ids.line)!.type).toBe("audio/wav");
    expect(back.doc.panels[0]!.animatic.clip).toEqual(clip(ids.line, wav, "audio/wav", 1.5));
    expect(back.doc.projectSettings.animatic.soundtrack).toEqual(clip(ids.music, mp3, "audio/mpeg", 0.4));
    expect(back.missing).toEqual([]);
  });

  it("writes a bundle without sound as version 1, so older Castboards still import it", async () => {
    const doc = { ...project(), panels: [newPanel(null, DEFAULT_GENERATION_SETTINGS)], projectSettings: DEFAULT_PROJECT_SETTINGS } as ProjectDoc;
    const zip = await exportBundle({ name: "Quiet", doc }, async () => undefined);
    expect(manifestOf(zip).version).toBe(BUNDLE_VERSION_WITHOUT_AUDIO);
  });

  it("refuses a bundle whose sound file is not the sound it claims (a PNG in an .mp3's place)", async () => {
    const files = unzipSync(await exportBundle({ name: "Sound", doc: project() }, async (id) => blobs.get(id)));
    const manifest = JSON.parse(new TextDecoder().decode(files["project.json"])) as BundleManifest;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(mp3.length - 8).fill(0)]);
    files[`audio/${ids.music}.mp3`] = png;
    manifest.audio = manifest.audio.map((a) => (a.id === ids.music ? { ...a, sha256: undefined } : a));
    files["project.json"] = strToU8(JSON.stringify(manifest));
    await expect(readBundle(zipSync(files))).rejects.toMatchObject({ code: "not_audio", message: expect.stringMatching(/is a PNG image, but project.json says it is an MP3 file/) });
  });

  it("refuses a bundle whose project uses a sound it does not hold", async () => {
    const files = unzipSync(await exportBundle({ name: "Sound", doc: project() }, async (id) => blobs.get(id)));
    const manifest = JSON.parse(new TextDecoder().decode(files["project.json"])) as BundleManifest;
    manifest.audio = manifest.audio.filter((a) => a.id !== ids.line);
    files["project.json"] = strToU8(JSON.stringify(manifest));
    await expect(readBundle(zipSync(files))).rejects.toMatchObject({ code: "missing_image" });
  });
});

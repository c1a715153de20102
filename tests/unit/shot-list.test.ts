import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { newPanel } from "@/lib/state/panel-slice";
import { DEFAULT_GENERATION_SETTINGS, type Panel } from "@/lib/state/panel-schema";
import { shotListCsv, shotListJson, shotListRows } from "@/lib/export/shot-list";

const image = (blobId: string) => ({ blobId, type: "image/png" as const, width: 10, height: 10, bytes: 100 });
const ferris = { id: "c1", name: "Ferris", notes: "", reference: image("r"), thumbnail: image("t"), mask: null, createdAt: 1 };

function panels(): Panel[] {
  const a = newPanel("c1", DEFAULT_GENERATION_SETTINGS);
  const withTake: Panel = {
    ...a,
    shot: { size: "close-up", angle: "low", caption: 'He says "hi", then, leaves', notes: "Line one\nline two", durationSec: 4.5, dialogue: [{ id: "l", speakerId: "c1", text: "Привет!", x: 0.5, y: 0.2 }] },
    takes: [{ id: "t1", requestId: "r1", mode: "fal", createdAt: 1, recipe: { ...a.recipe, prompt: "beach, dawn", negativePrompt: "blur" }, seed: 42, costCents: 20, images: [image("i")], thumbnails: [image("th")] }],
    chosen: { takeId: "t1", imageIndex: 0 },
  };
  return [withTake, newPanel(null, DEFAULT_GENERATION_SETTINGS)];
}

describe("shot list", () => {
  it("lists every shot with its details and the chosen take's recipe", () => {
    const [first, second] = shotListRows(panels(), [ferris]);
    expect(first).toMatchObject({ shot: 1, shot_size: "Close-up", angle: "Low angle", duration_s: 4.5, character: "Ferris", prompt: "beach, dawn", negative_prompt: "blur", seed: 42, speed: "BALANCED", style: "AUTO", image_size: "landscape_16_9", mode: "fal", cost_usd: 0.2, dialogue: "Ferris: Привет!" });
    expect(second).toMatchObject({ shot: 2, mode: "", seed: null, cost_usd: null, character: "" });
  });

  it("says what each shot shows: a take, a sketch, or nothing yet; a preferred sketch drops the take's columns", () => {
    const [withTake, empty] = panels();
    const sketch = { image: image("s"), updatedAt: 1, preferred: false };
    const rows = shotListRows([withTake!, { ...empty!, sketch }, { ...withTake!, sketch: { ...sketch, preferred: true } }, empty!], [ferris]);
    expect(rows.map((r) => r.image)).toEqual(["take", "sketch", "sketch", ""]);
    expect(rows[0]).toMatchObject({ seed: 42, mode: "fal" });
    // A sketch stands in for the image: the recipe is the panel's own, what would be generated.
    expect(rows[2]).toMatchObject({ seed: null, mode: "", cost_usd: null });
    const csv = Papa.parse<Record<string, string>>(shotListCsv(rows).slice(1), { header: true });
    expect(csv.meta.fields).toContain("image");
  });

  it("writes CSV that a spreadsheet reads back exactly, commas, quotes, newlines and all", () => {
    const csv = shotListCsv(shotListRows(panels(), [ferris]));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]!.caption).toBe('He says "hi", then, leaves');
    expect(parsed.data[0]!.notes).toBe("Line one\nline two");
    expect(parsed.data).toHaveLength(2);
  });

  it("escapes cells a spreadsheet would run as formulas, and leaves numbers alone", () => {
    const [row] = shotListRows(panels(), [ferris]);
    const hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];
    const csv = shotListCsv(hostile.map((caption) => ({ ...row!, caption })));
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => r.caption)).toEqual(hostile.map((text) => `'${text}`));
    expect(parsed.data[0]!.seed).toBe("42");
    expect(parsed.data[0]!.cost_usd).toBe("0.2");
  });

  it("says how each shot's take was made: its origin, what it started from, a restage's strength", () => {
    const [panel] = panels();
    const base = panel!.takes[0]!;
    const fixTake = { ...base, id: "t2", requestId: "r2", recipe: { ...base.recipe, direction: { kind: "fix" as const, source: { kind: "take" as const, takeId: "t1", imageIndex: 0 }, image: image("i"), mask: image("m") } } };
    const restageTake = { ...base, id: "t3", requestId: "r3", recipe: { ...base.recipe, direction: { kind: "restage" as const, source: { kind: "upload" as const, fileName: "layout.png" }, image: image("u"), strength: 0.35 } } };
    const shots = [fixTake, restageTake, base].map((take) => ({ ...panel!, takes: [base, fixTake, restageTake], chosen: { takeId: take.id, imageIndex: 0 } }));
    const rows = shotListRows([...shots, newPanel(null, DEFAULT_GENERATION_SETTINGS)], [ferris]);
    expect(rows.map((r) => [r.origin, r.source, r.strength])).toEqual([
      ["Fix", "take 1", null],
      ["Restage", "upload “layout.png”", 0.35],
      ["Generate", "", null],
      ["", "", null],
    ]);
    const csv = Papa.parse<Record<string, string>>(shotListCsv(rows).slice(1), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields?.slice(-3)).toEqual(["origin", "source", "strength"]);
    expect(csv.data[1]).toMatchObject({ origin: "Restage", source: "upload “layout.png”", strength: "0.35" });
  });

  it("writes JSON with the project name", () => {
    const json = JSON.parse(shotListJson("Pitch", shotListRows(panels(), [ferris])));
    expect(json.project).toBe("Pitch");
    expect(json.shots[0].seed).toBe(42);
  });
});

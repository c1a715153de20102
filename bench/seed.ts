import { randomUUID } from "node:crypto";
import { DEFAULT_PANEL_ANIMATIC } from "../lib/state/animatic-schema";
import type { Page } from "playwright-core";
import { sanitizeProject, STATE_VERSION, type ProjectDoc } from "@/lib/state/persistence";
import { DEFAULT_GENERATION_SETTINGS, DEFAULT_SHOT, type Panel, type ShotDetails, type ShotRecipe } from "@/lib/state/panel-schema";
import { DEFAULT_PROJECT_SETTINGS, type ProjectMeta } from "@/lib/state/project-schema";
import type { ImageRef } from "@/lib/state/schema";

/**
 * Seeding for the benchmarks that open real projects: images drawn in the page and stored in the
 * app's blob database, projects written into its state database, exactly as the app keeps them.
 * Run on the app's origin, on a page without the app (e.g. /api/health), so nothing reads the
 * databases meanwhile.
 */

export type SeededImage = { image: ImageRef; thumbnail: ImageRef };

/**
 * Draws `count` distinct 1024 x 576 frames on an OffscreenCanvas and stores each as a JPEG image
 * and a 480 x 270 WebP thumbnail in the app's blob database, the way a generated take is kept.
 * Runs in the page, on the app's origin. No named inner functions: tsx would wrap them in a helper the page lacks.
 */
export async function seedImages(page: Page, count: number): Promise<SeededImage[]> {
  return page.evaluate(async (n) => {
    const encoded: { image: Blob; thumbnail: Blob }[] = [];
    const CHUNK = 6;
    for (let start = 0; start < n; start += CHUNK) {
      const jobs: Promise<{ image: Blob; thumbnail: Blob }>[] = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const canvas = new OffscreenCanvas(1024, 576);
        const ctx = canvas.getContext("2d")!;
        const hue = (i * 137.508) % 360;
        const sky = ctx.createLinearGradient(0, 0, 0, 576);
        sky.addColorStop(0, `hsl(${hue} 60% 70%)`);
        sky.addColorStop(1, `hsl(${(hue + 40) % 360} 45% 30%)`);
        ctx.fillStyle = sky;
        ctx.fillRect(0, 0, 1024, 576);
        // A coarse noise field, smoothed up to full size: texture like a painted or photographed frame.
        const noise = new OffscreenCanvas(128, 72);
        const noiseCtx = noise.getContext("2d")!;
        const pixels = noiseCtx.createImageData(128, 72);
        let seed = (i + 1) * 2654435761;
        for (let p = 0; p < pixels.data.length; p++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          pixels.data[p] = p % 4 === 3 ? 255 : seed >>> 24;
        }
        noiseCtx.putImageData(pixels, 0, 0);
        ctx.globalAlpha = 0.35;
        ctx.drawImage(noise, 0, 0, 1024, 576);
        ctx.globalAlpha = 1;
        for (let s = 0; s < 14; s++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          const x = (seed >>> 8) % 1024;
          seed = (seed * 1103515245 + 12345) >>> 0;
          const y = (seed >>> 8) % 576;
          ctx.fillStyle = `hsl(${(hue + s * 47) % 360} 55% ${30 + (s % 5) * 10}%)`;
          ctx.beginPath();
          ctx.ellipse(x, y, 30 + ((seed >>> 4) % 140), 20 + ((seed >>> 12) % 90), s, 0, Math.PI * 2);
          ctx.fill();
        }
        ctx.fillStyle = "#fff";
        ctx.font = "bold 96px sans-serif";
        ctx.fillText(`Shot ${i + 1}`, 48, 520);
        const thumbCanvas = new OffscreenCanvas(480, 270);
        thumbCanvas.getContext("2d")!.drawImage(canvas, 0, 0, 480, 270);
        jobs.push(
          Promise.all([canvas.convertToBlob({ type: "image/jpeg", quality: 0.85 }), thumbCanvas.convertToBlob({ type: "image/webp", quality: 0.85 })]).then(
            ([image, thumbnail]) => ({ image, thumbnail }),
          ),
        );
      }
      encoded.push(...(await Promise.all(jobs)));
    }
    // The blob store exactly as idb-keyval's createStore("castboard-blobs", "blobs") makes it.
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("castboard-blobs");
      request.onupgradeneeded = () => request.result.createObjectStore("blobs");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const now = Date.now();
    const refs = encoded.map(({ image, thumbnail }) => ({
      image: { blobId: `${now.toString(36)}-${crypto.randomUUID()}`, type: "image/jpeg" as const, width: 1024, height: 576, bytes: image.size, blob: image },
      thumbnail: { blobId: `${now.toString(36)}-${crypto.randomUUID()}`, type: "image/webp" as const, width: 480, height: 270, bytes: thumbnail.size, blob: thumbnail },
    }));
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction("blobs", "readwrite");
      const blobs = tx.objectStore("blobs");
      for (const ref of refs) {
        blobs.put(ref.image.blob, ref.image.blobId);
        blobs.put(ref.thumbnail.blob, ref.thumbnail.blobId);
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return refs.map((r) => ({
      image: { blobId: r.image.blobId, type: r.image.type, width: r.image.width, height: r.image.height, bytes: r.image.bytes },
      thumbnail: { blobId: r.thumbnail.blobId, type: r.thumbnail.type, width: r.thumbnail.width, height: r.thumbnail.height, bytes: r.thumbnail.bytes },
    }));
  }, count);
}

/** Writes records into the app's state database (idb-keyval's createStore("castboard-state", "state")). */
export async function putState(page: Page, entries: [string, unknown][]): Promise<void> {
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("castboard-state");
      request.onupgradeneeded = () => request.result.createObjectStore("state");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction("state", "readwrite");
      for (const [key, value] of records) tx.objectStore("state").put(value, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, entries);
}

const SIZES = ["wide", "medium", "close-up", "medium-close-up"] as const;
const ANGLES = ["eye-level", "low", "high", null] as const;

/** A panel's text: caption, notes and dialogue (balloons), by its index on the board. */
export type PanelText = (index: number) => Pick<ShotDetails, "caption" | "notes" | "dialogue">;

/** The board benchmark's text: a short caption, no notes, a balloon on every other panel. */
export const SHORT_TEXT: PanelText = (i) => ({
  caption: `The courier reaches beat ${i + 1} of the chase and looks back over the crowd.`,
  notes: "",
  // Every other panel carries a balloon, as a real board does.
  dialogue: i % 2 === 0 ? [{ id: randomUUID(), speakerId: null, text: `Line ${i + 1}: not this way!`, x: 0.3, y: 0.2 }] : [],
});

/** A board of panels in the persisted shape, each with one draft take showing its image. */
export function boardDoc(refs: SeededImage[], text: PanelText = SHORT_TEXT): ProjectDoc {
  const now = Date.now();
  const panels: Panel[] = refs.map(({ image, thumbnail }, i) => {
    const recipe: ShotRecipe = { characterId: null, prompt: `Shot ${i + 1}: the courier crosses the square at dusk`, negativePrompt: "", settings: DEFAULT_GENERATION_SETTINGS };
    const takeId = randomUUID();
    return {
      id: randomUUID(),
      createdAt: now + i,
      recipe,
      shot: {
        ...DEFAULT_SHOT,
        size: SIZES[i % SIZES.length]!,
        angle: ANGLES[i % ANGLES.length] ?? null,
        ...text(i),
      },
      takes: [{ id: takeId, requestId: `bench-${i}`, mode: "draft", createdAt: now + i, recipe, seed: i, costCents: 0, images: [image], thumbnails: [thumbnail] }],
      sketch: null,
      animatic: DEFAULT_PANEL_ANIMATIC,
      chosen: { takeId, imageIndex: 0 },
      pending: null,
      error: null,
    };
  });
  const doc: ProjectDoc = { version: STATE_VERSION, characters: [], panels, projectSettings: DEFAULT_PROJECT_SETTINGS };
  // The app must take every panel as it is: a dropped panel would make the board smaller than claimed.
  const { report } = sanitizeProject(structuredClone(doc));
  if (report.dropped.length > 0) throw new Error(`seeded project does not validate: ${JSON.stringify(report.dropped[0])}`);
  return doc;
}

/** Writes a project (its list entry and its document, `shape`d as a benchmark needs) and returns its id. */
export async function seedProject(page: Page, name: string, refs: SeededImage[], text: PanelText = SHORT_TEXT, shape: (doc: ProjectDoc) => ProjectDoc = (doc) => doc): Promise<string> {
  const doc = shape(boardDoc(refs, text));
  const now = Date.now();
  const meta: ProjectMeta = { id: randomUUID(), name, createdAt: now, updatedAt: now, panelCount: doc.panels.length, deletedAt: null };
  await putState(page, [
    [`meta:${meta.id}`, meta],
    [`project:${meta.id}`, { rev: 1, writer: "castboard-bench", savedAt: now, doc }],
  ]);
  return meta.id;
}

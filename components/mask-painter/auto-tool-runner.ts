import { runAutoMask, runRefine, runWand } from "@/lib/mask/auto/mask-worker-client";
import type { BinaryMask, PixelBox, RefineOperation, RgbaImage, WandOptions } from "@/lib/mask/auto/types";
import { readImagePixels } from "@/lib/mask/binary-mask";
import type { DirtyRect, MaskDocument } from "@/lib/mask/mask-document";
import type { AutoToolHandlers } from "./painter-controller";

/** What the runner tells the painter: which work is running, what went wrong, what to check. */
export interface AutoToolReport {
  busy(label: string | null): void;
  /** A result went into the document (one more undo step). */
  applied(): void;
  message(text: string | null, tone: "error" | "info"): void;
}

interface PreviewView {
  setPreview(preview: CanvasImageSource | null): void;
  invalidate(rect?: DirtyRect | null): void;
}

const PREVIEW_RGBA = [253, 224, 71, 255] as const;

/** A binary region as a canvas to draw over the view: opaque yellow where the region is. */
function previewCanvas(region: BinaryMask): OffscreenCanvas {
  const pixels = new ImageData(region.width, region.height);
  for (let i = 0; i < region.data.length; i++) if (region.data[i] === 1) pixels.data.set(PREVIEW_RGBA, i * 4);
  const canvas = new OffscreenCanvas(region.width, region.height);
  canvas.getContext("2d")!.putImageData(pixels, 0, 0);
  return canvas;
}

/**
 * The automatic tools of one painter session: runs the algorithms (in their worker) and applies
 * each result to the document as one undo step. The wand's hover preview asks at most once per
 * animation frame and only one request at a time; the latest pointer position wins.
 */
export class AutoToolRunner implements AutoToolHandlers {
  private pixels: RgbaImage | null = null;
  private hoverAt: { x: number; y: number } | null = null;
  private hoverKey = "";
  private hoverFrame = 0;
  private hoverRunning = false;
  private running = false;

  constructor(
    private readonly doc: MaskDocument,
    private readonly image: CanvasImageSource,
    private readonly view: PreviewView,
    private readonly report: AutoToolReport,
    private readonly wandOptions: () => WandOptions,
  ) {}

  get busy(): boolean {
    return this.running;
  }

  wand(x: number, y: number, action: "hover" | "add" | "remove"): void {
    const at = { x: Math.floor(x), y: Math.floor(y) };
    if (action === "hover") {
      this.hoverAt = at;
      this.scheduleHover();
      return;
    }
    const options = this.wandOptions();
    void this.apply(action === "add" ? "Adding the region…" : "Removing the region…", async () => ({
      mask: (await runWand(this.rgba(), at.x, at.y, options)).mask,
      mode: action,
    }));
  }

  box(box: PixelBox): void {
    void this.apply("Finding the character in the box…", async () => ({ mask: (await runAutoMask(this.rgba(), { box })).mask, mode: "replace" }));
  }

  autoMask(): void {
    void this.apply("Finding the character…", async () => {
      const result = await runAutoMask(this.rgba());
      if (result.coverage === 0) throw new Error("No character was found in this image. Paint the mask, or drag a box round the character with Box select.");
      const note = result.confidence === "check" ? `Auto mask applied — ${result.reason ?? "unclear subject"}: check its edges.` : null;
      return { mask: result.mask, mode: "replace", note };
    });
  }

  refine(op: RefineOperation): void {
    void this.apply("Refining the mask…", async () => ({ mask: await runRefine(this.doc.toBinaryMask(), op), mode: "replace" }));
  }

  /** The wand's options changed: the preview under a still pointer follows. */
  refreshPreview(): void {
    this.hoverKey = "";
    this.scheduleHover();
  }

  stopPreview(): void {
    this.hoverAt = null;
    cancelAnimationFrame(this.hoverFrame);
    this.hoverFrame = 0;
    this.view.setPreview(null);
  }

  private rgba(): RgbaImage {
    this.pixels ??= readImagePixels(this.image, this.doc.width, this.doc.height);
    return this.pixels;
  }

  private scheduleHover(): void {
    if (!this.hoverFrame && !this.hoverRunning && this.hoverAt) this.hoverFrame = requestAnimationFrame(() => void this.runHover());
  }

  private async runHover(): Promise<void> {
    this.hoverFrame = 0;
    const at = this.hoverAt;
    if (!at) return;
    const options = this.wandOptions();
    const key = `${at.x},${at.y},${options.tolerance},${options.contiguous}`;
    if (key === this.hoverKey) return;
    this.hoverKey = key;
    this.hoverRunning = true;
    try {
      // A preview is picked on a downscaled copy: its canvas is stretched over the image when drawn.
      const { mask } = await runWand(this.rgba(), at.x, at.y, options, true);
      if (this.hoverAt) this.view.setPreview(previewCanvas(mask));
    } catch {
      // A preview that failed is only not shown; the click reports the error.
    } finally {
      this.hoverRunning = false;
      this.scheduleHover();
    }
  }

  private async apply(label: string, work: () => Promise<{ mask: BinaryMask; mode: "replace" | "add" | "remove"; note?: string | null }>): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.report.busy(label);
    this.report.message(null, "info");
    try {
      const { mask, mode, note } = await work();
      this.view.invalidate(this.doc.applyBinaryMask(mask, mode));
      this.report.applied();
      if (note) this.report.message(note, "info");
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.report.message(why.startsWith("No character") ? why : `The automatic tool failed (${why}). The mask is unchanged; try again or paint it.`, "error");
    } finally {
      this.running = false;
      this.report.busy(null);
    }
  }
}

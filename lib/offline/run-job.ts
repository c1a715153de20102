import "server-only";
import { randomInt } from "node:crypto";
import { DEFAULTS, LIMITS, resolveImageSize } from "../fal/schema";
import { drawEditPanels, drawRemixPanels, prepareEdit } from "./direct-panel";
import { drawDraftPanels } from "./draw-panel";
import { imageLoader, InputError, loadCharacter, loadSourceImage, MASK_LOC, type ImageLoader } from "./inputs";
import type { EndpointRequest, GeneratedImage, Job, JobExecutor, JobOutcome } from "./jobs";
import { WRITE_REFUSALS, type FileStore } from "./storage";

/**
 * What the offline engine's queue runs for a request: read its images, draw its drafts for the
 * endpoint it was sent to, and keep them in the file store. Every failure becomes an outcome.
 */
type Log = (message: string) => void;

interface Drawn {
  pngs: Buffer[];
  width: number;
  height: number;
}

const variations = (count: number, width: number, height: number) =>
  `Drawing ${count} draft ${count === 1 ? "variation" : "variations"} at ${width}x${height}`;

async function draw(load: ImageLoader, request: EndpointRequest, seed: number, log: Log): Promise<Drawn> {
  const { input } = request;
  const count = input.num_images ?? DEFAULTS.num_images;
  const scene = { prompt: input.prompt, seed, count, palette: input.color_palette };
  if (request.endpoint === "edit") {
    log("Loading the image, its mask and the character reference");
    const image = await loadSourceImage(load, request.input.image_url);
    const mask = await load(request.input.mask_url, MASK_LOC);
    const character = await loadCharacter(load, input);
    const source = await prepareEdit(image, mask);
    const { width, height } = source.image;
    const { box } = source;
    log(`Repainting the masked region (${box.width}x${box.height} at ${box.left},${box.top}) with the character`);
    log(variations(count, width, height));
    const pngs = await drawEditPanels(source, { ...scene, ...character, referenceMask: character.mask });
    return { pngs, width, height };
  }
  const { width, height } = resolveImageSize(request.input.image_size);
  const framing = { ...scene, width, height, negativePrompt: request.input.negative_prompt, style: request.input.style };
  if (request.endpoint === "remix") {
    log("Loading the input image and the character reference");
    const image = await loadSourceImage(load, request.input.image_url);
    const character = await loadCharacter(load, input);
    const strength = request.input.strength ?? DEFAULTS.strength;
    log(`Restaging the input image around the character, keeping ${Math.round(strength * 100)}% of its composition`);
    log(variations(count, width, height));
    return { pngs: await drawRemixPanels({ ...framing, ...character, image, strength }), width, height };
  }
  log("Loading the character reference");
  const character = await loadCharacter(load, input);
  log(character.mask ? "Cutting out the masked character" : "Using the whole reference (no mask given)");
  log(variations(count, width, height));
  return { pngs: await drawDraftPanels({ ...framing, ...character }), width, height };
}

function refused(error: unknown): JobOutcome {
  if (error instanceof InputError) return { ok: false, status: 422, message: error.message, body: { detail: error.detail } };
  const message = error instanceof Error ? error.message : "Drawing failed";
  // The drawer names the image it could not decode; point the field error at that input.
  const loc = /style reference/i.test(message)
    ? ["body", "image_urls"]
    : /mask/i.test(message)
      ? ["body", "reference_mask_urls", 0]
      : ["body", "reference_image_urls", 0];
  return { ok: false, status: 422, message, body: { detail: [{ loc, msg: message, type: "value_error" }] } };
}

export function jobRunner(files: FileStore): JobExecutor {
  const load = imageLoader(files);
  return async (job: Job, request: EndpointRequest, log: Log): Promise<JobOutcome> => {
    try {
      const seed = request.input.seed ?? randomInt(LIMITS.seed.max);
      const { pngs, width, height } = await draw(load, request, seed, log);
      if (job.cancelled) return { ok: false, status: 400, message: "Request was cancelled", body: { detail: "Request was cancelled" } };
      const images: GeneratedImage[] = [];
      for (const png of pngs) {
        const fileName = files.newFileName("image/png");
        const written = await files.write(fileName, job.owner, png);
        if (written !== "written") {
          for (const image of images) await files.remove(image.fileName);
          const message = WRITE_REFUSALS[written];
          return { ok: false, status: 507, message, body: { detail: message } };
        }
        images.push({ fileName, width, height, size: png.length });
      }
      log("Draft ready");
      return { ok: true, images, seed };
    } catch (error) {
      return refused(error);
    }
  };
}

import "server-only";
import { AppError } from "../../errors";
import { toFieldErrors } from "../../fal/schema";
import * as z from "../../zod";
import { ReviewSnapshotSchema, SNAPSHOT_LIMITS, type ReviewSnapshot } from "./snapshot-schema";

export const COMMENT_MAX = 2000;
export const NAME_MAX = 80;

/** Plain text, trimmed: stored as the reviewer typed it and always shown as text, never as HTML. */
export function commentBody(raw: string): string {
  const body = raw.trim();
  if (!body) throw new AppError("comment_empty", "A comment needs some text: write what you would change or keep.");
  if (body.length > COMMENT_MAX) {
    throw new AppError("comment_too_long", `A comment holds at most ${COMMENT_MAX} characters; this one has ${body.length}. Shorten it or split it in two.`, {
      extra: { max: COMMENT_MAX, length: body.length },
    });
  }
  return body;
}

export function personName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, " ");
  if (!name) throw new AppError("validation_failed", "Give a name so the author knows who wrote this.");
  if (name.length > NAME_MAX) throw new AppError("validation_failed", `A name holds at most ${NAME_MAX} characters.`);
  return name;
}

/** A zod refusal as the app answers one: 422 with each field's message, after `lead`. */
export function validationFailed(error: z.core.$ZodError, lead = ""): AppError {
  const detail = toFieldErrors(error);
  return new AppError("validation_failed", `${lead}${detail.map((d) => `${d.loc.slice(1).join(".")}: ${d.msg}`).join("; ")}`, { detail });
}

/** Checks a snapshot against its schema and caps; the caps get their own code and a message saying what to do. */
export function parseSnapshot(input: unknown): ReviewSnapshot {
  const panels = (input as { panels?: unknown } | null)?.panels;
  if (Array.isArray(panels) && panels.length > SNAPSHOT_LIMITS.panels) {
    throw new AppError("snapshot_too_large", `A review holds at most ${SNAPSHOT_LIMITS.panels} panels; this board has ${panels.length}. Share it in parts.`);
  }
  const parsed = z.safeParse(ReviewSnapshotSchema, input);
  if (!parsed.success) throw validationFailed(parsed.error, "The board could not be published: ");
  const ids = new Set(parsed.data.panels.map((panel) => panel.id));
  if (ids.size !== parsed.data.panels.length) throw new AppError("validation_failed", "The board could not be published: two panels share one id.");
  const total = [...uniqueImages(parsed.data).values()].reduce((sum, image) => sum + image.bytes, 0);
  if (total > SNAPSHOT_LIMITS.totalImageBytes) {
    throw new AppError(
      "snapshot_too_large",
      `A review's images come to at most ${SNAPSHOT_LIMITS.totalImageBytes / 1_000_000} MB; this board's come to ${(total / 1_000_000).toFixed(1)} MB. Share it in parts or with smaller images.`,
    );
  }
  return parsed.data;
}

/** Each image a snapshot shows, once, by hash. */
export function uniqueImages(snapshot: ReviewSnapshot) {
  const images = new Map<string, NonNullable<ReviewSnapshot["panels"][number]["image"]>>();
  for (const panel of snapshot.panels) if (panel.image) images.set(panel.image.hash, panel.image);
  return images;
}

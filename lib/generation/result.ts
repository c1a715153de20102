import { AppError } from "../errors";
import { IdeogramCharacterOutputSchema, type IdeogramCharacterOutput } from "../fal/schema";

/**
 * fal's result, checked against the endpoint's output schema before anything is downloaded or
 * stored: a take built from a malformed answer (no seed, an image without a URL) would be saved
 * with the project and break it later, far from the cause.
 */
export function parseGenerationResult(data: unknown): IdeogramCharacterOutput {
  const parsed = IdeogramCharacterOutputSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
  throw new AppError(
    "upstream_failed",
    `fal's answer is not a panel result (${where}${issue?.message ?? "unexpected shape"}), so nothing was stored. Retry; if it keeps happening, generate again.`,
  );
}

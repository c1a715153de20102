import "server-only";
import { AppError } from "../../errors";
import * as z from "../../zod";
import { clientAddress } from "../client-address";
import type { ServerConfig } from "../config";
import { readBody } from "../read-capped";
import { getServices } from "../services";
import { authorize } from "../sign-in-guard";
import { answer } from "./review-api";
import { validationFailed } from "./review-inputs";

/** A JSON body checked by `schema`: too large, not JSON, or the wrong shape each get their own message. */
export async function readJson<T>(request: Request, config: ServerConfig, schema: z.ZodMiniType<T>, options: { maxBytes: number; shape: string; hint?: string }): Promise<T> {
  const raw = await readBody(request, config, { maxBytes: options.maxBytes, hint: options.hint });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError("bad_request", `Send JSON: ${options.shape}.`);
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) throw validationFailed(parsed.error);
  return parsed.data;
}

/**
 * The author's routes: publishing, the list of shares, replies, resolving and revoking need the
 * app's access token (or a session from it) when `APP_ACCESS_TOKEN` is set, as the app itself does.
 */
export function authorRoute(request: Request, config: ServerConfig, work: () => Promise<Response>): Promise<Response> {
  return answer(async () => {
    await authorize(request.headers, clientAddress(request.headers), config, getServices(config).signIn);
    return work();
  });
}

export const noStore = { "cache-control": "no-store" } as const;

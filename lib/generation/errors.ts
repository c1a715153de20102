import { ApiError, ValidationError } from "@fal-ai/client";
import type { PanelError } from "../state/panel-schema";
import { fieldForLoc } from "./request";

function bodyMessage(error: ApiError<unknown>): string | undefined {
  const body = error.body as { message?: unknown; detail?: unknown } | undefined;
  if (typeof body?.message === "string") return body.message;
  if (typeof body?.detail === "string") return body.detail;
  return undefined;
}

/** Whatever a generation failed with, as something a person can act on, with fields for a 422. */
export function toPanelError(error: unknown): PanelError {
  if (error instanceof ValidationError) {
    const fields: Record<string, string> = {};
    for (const detail of error.fieldErrors) fields[fieldForLoc(detail.loc)] ??= detail.msg;
    const first = error.fieldErrors[0]?.msg;
    return { kind: "validation", message: `The endpoint refused these settings${first ? `: ${first}` : ""}. Fix the highlighted fields and retry.`, fields };
  }
  if (error instanceof ApiError) {
    const message = bodyMessage(error) ?? error.message;
    switch (error.status) {
      case 401:
      case 403:
        return { kind: "auth", message: `Not authorized: ${message}`, fields: {} };
      case 402:
        return { kind: "budget", message, fields: {} };
      case 429:
        return { kind: "rate_limit", message: message || "Too many requests; wait a moment and retry.", fields: {} };
      default:
        if (error.status >= 500) return { kind: "upstream", message, fields: {} };
        return { kind: "other", message: `${message} (HTTP ${error.status})`, fields: {} };
    }
  }
  if (error instanceof TypeError) {
    return { kind: "network", message: "Could not reach the Castboard server. Check your connection, then retry.", fields: {} };
  }
  return { kind: "other", message: error instanceof Error ? error.message : "The generation failed. Retry.", fields: {} };
}

/** Errors that end a whole batch rather than one panel. */
export function stopsBatch(error: PanelError): boolean {
  return error.kind === "budget" || error.kind === "rate_limit" || error.kind === "auth";
}

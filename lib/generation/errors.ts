import type { ApiError, ValidationError } from "@fal-ai/client";
import { isAppError } from "../errors";
import type { PanelError } from "../state/panel-schema";
import { fieldForLoc } from "./request";

function bodyMessage(error: ApiError<unknown>): string | undefined {
  const body = error.body as { message?: unknown; detail?: unknown } | undefined;
  if (typeof body?.message === "string") return body.message;
  if (typeof body?.detail === "string") return body.detail;
  return undefined;
}

/*
 * The fal client is loaded on first use (see ./fal-client), so its error classes are recognised by
 * the names and fields it gives them rather than with `instanceof`, which would load it up front.
 */
function isApiError(error: unknown): error is ApiError<unknown> {
  return error instanceof Error && (error.name === "ApiError" || error.name === "ValidationError") && typeof (error as { status?: unknown }).status === "number";
}

function isValidationError(error: unknown): error is ValidationError {
  return isApiError(error) && error.name === "ValidationError";
}

/** A 429 from our own proxy or engine carries its reason and says when to retry; one from fal does not. */
function fromOurProxy(error: ApiError<unknown>): boolean {
  const code = (error.body as { error?: unknown } | undefined)?.error;
  return code === "rate_limited" || code === "queue_full";
}

/** How browsers word a `fetch` that never reached the server (Chromium, Firefox, Safari, Node). */
const NETWORK_FAILURE = /failed to fetch|networkerror|network error|load failed|fetch failed|network connection was lost/i;

function offline(): boolean {
  return typeof navigator !== "undefined" && navigator.onLine === false;
}

/** Whatever a generation failed with, as something a person can act on, with fields for a 422. */
export function toPanelError(error: unknown): PanelError {
  // Our own refusals already say what happened and what to do.
  if (isAppError(error)) return { kind: error.code.startsWith("upstream_") ? "upstream" : "other", message: error.message, fields: {} };
  if (isValidationError(error)) {
    const fields: Record<string, string> = {};
    for (const detail of error.fieldErrors) fields[fieldForLoc(detail.loc)] ??= detail.msg;
    const first = error.fieldErrors[0]?.msg;
    return { kind: "validation", message: `The endpoint refused these settings${first ? `: ${first}` : ""}. Fix the highlighted fields and retry.`, fields };
  }
  if (isApiError(error)) {
    const message = bodyMessage(error);
    switch (error.status) {
      case 401:
      case 403:
        return { kind: "auth", message: `Not authorized: ${message ?? error.message}`, fields: {} };
      case 402:
        return { kind: "budget", message: message ?? error.message, fields: {} };
      case 429:
        if (fromOurProxy(error) && message) return { kind: "rate_limit", message, fields: {} };
        return {
          kind: "rate_limit",
          message: `fal is busy: it is refusing new requests for a moment${message ? ` (${message})` : ""}. Your prompt and takes are kept; Retry in a few seconds.`,
          fields: {},
        };
      default:
        if (error.status >= 500) {
          return { kind: "upstream", message: message ?? `fal failed (HTTP ${error.status}). Try again in a moment.`, fields: {} };
        }
        return { kind: "other", message: `${message ?? error.message} (HTTP ${error.status})`, fields: {} };
    }
  }
  if (error instanceof TypeError && NETWORK_FAILURE.test(error.message)) {
    return offline()
      ? { kind: "network", message: "You are offline, so generating was interrupted. Your prompts and takes are kept; Retry once you are back online.", fields: {} }
      : { kind: "network", message: "Could not reach the Castboard server. Check your connection, then retry.", fields: {} };
  }
  if (error instanceof Error) {
    // A plain message from our own code says what to do; anything else is unexpected.
    return error instanceof TypeError || error instanceof SyntaxError
      ? { kind: "other", message: `The generation failed unexpectedly (${error.message}). Retry.`, fields: {} }
      : { kind: "other", message: error.message, fields: {} };
  }
  return { kind: "other", message: "The generation failed. Retry.", fields: {} };
}

/**
 * Errors that end a whole batch rather than one panel. Without a connection every next panel
 * would fail the same way, so going offline stops the batch too.
 */
export function stopsBatch(error: PanelError): boolean {
  return error.kind === "budget" || error.kind === "rate_limit" || error.kind === "auth" || error.kind === "network";
}

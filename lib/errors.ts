import type { FieldError } from "./fal/schema";

/**
 * One error type for everything the server refuses, with typed codes. The JSON body carries
 * `message` (read by `@fal-ai/client`'s ApiError) and, for 422, fal's `detail` field list.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  target_not_allowed: 403,
  method_not_allowed: 405,
  unauthorized: 401,
  budget_exceeded: 402,
  not_found: 404,
  payload_too_large: 413,
  snapshot_too_large: 413,
  comment_too_long: 413,
  comment_empty: 422,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  queue_full: 429,
  request_timeout: 408,
  storage_full: 507,
  request_in_progress: 409,
  store_unavailable: 503,
  /** The review links' database or object store does not answer. */
  storage_unavailable: 503,
  upstream_failed: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { detail?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.detail = options.detail;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON() {
    return {
      error: this.code,
      message: this.message,
      ...(this.detail ? { detail: this.detail } : {}),
      ...this.extra,
    };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), {
      status: this.status,
      headers: { "cache-control": "no-store", ...this.headers },
    });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

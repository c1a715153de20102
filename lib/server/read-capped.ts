import "server-only";
import { AppError } from "../errors";
import { formatBytes } from "../format-bytes";
import type { ServerConfig } from "./config";

export interface ReadLimits {
  maxBytes: number;
  /** The error for a body past `maxBytes`, thrown as soon as it passes (nothing more is read). */
  tooLarge: () => Error;
  /** A body that sends nothing for this long is dropped with 408, so a stalled client cannot hold a connection. */
  idleTimeoutMs?: number;
  /** The longest a whole body may take, however slowly it trickles in. */
  timeoutMs?: number;
}

export const bodyTimedOut = (seconds: number) =>
  new AppError("request_timeout", `The request body was not received in time (waited ${seconds} s for more of it). Check the connection and send it again.`, {
    headers: { connection: "close" },
  });

/**
 * Reads a body stream, stopping as soon as it passes `maxBytes` or stalls: memory never holds more
 * than the cap, and a client that declares 1,000 bytes and sends 10 is cut off, not waited for.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limits: ReadLimits): Promise<Uint8Array> {
  const reader = body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = limits.timeoutMs ? Date.now() + limits.timeoutMs : Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = (): Promise<ReadableStreamReadResult<Uint8Array>> => {
    const wait = Math.min(limits.idleTimeoutMs ?? Infinity, deadline - Date.now());
    if (!Number.isFinite(wait)) return reader.read();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(bodyTimedOut(Math.round(Math.max(wait, 0) / 1000))), Math.max(wait, 0));
    });
    return Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
  };
  try {
    for (;;) {
      const { done, value } = await next();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) throw limits.tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    // Cancelling tells the server to stop reading this request; the answer closes the connection.
    // Not awaited: a stalled source may never settle its pending read.
    void reader.cancel().catch(() => undefined);
    throw error;
  }
  return Buffer.concat(chunks);
}

/**
 * A route's request body as text, capped and timed out while it is read (never read whole first).
 * `hint` ends the too-large message with what to do instead.
 */
export async function readBody(request: Request, config: ServerConfig, options: { maxBytes?: number; hint?: string } = {}): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, config, options));
}

/** As `readBody`, for a binary body (an image going up). */
export async function readBodyBytes(request: Request, config: ServerConfig, options: { maxBytes?: number; hint?: string } = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? config.maxBodyBytes;
  const tooLarge = () =>
    new AppError("payload_too_large", `Request body is larger than ${formatBytes(maxBytes)}.${options.hint ? ` ${options.hint}` : ""}`, {
      headers: { connection: "close" },
    });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  return readCapped(request.body, { maxBytes, tooLarge, idleTimeoutMs: config.bodyIdleTimeoutMs, timeoutMs: config.bodyTimeoutMs });
}

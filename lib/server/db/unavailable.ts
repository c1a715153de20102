import "server-only";
import { AppError } from "../../errors";

/** Socket and Postgres (SQLSTATE class 08, shutdown, overload) errors that mean "not answering", not "wrong". */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "TimeoutError",
  "RequestTimeout",
  // An S3-compatible store that is there but overloaded or failing.
  "ServiceUnavailable",
  "SlowDown",
  "InternalError",
]);
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "53000"]);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const { code, name, errors, cause } = current as { code?: unknown; name?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === "string") codes.push(code);
    if (typeof name === "string") codes.push(name);
    // Node reports a refused dual-stack connect as an AggregateError of one error per address.
    if (Array.isArray(errors)) errors.forEach((inner) => codes.push(...codesOf(inner)));
    current = cause;
  }
  return codes;
}

/** The code that shows the database or the object store could not be reached, if one does. */
function unavailableCode(error: unknown): string | undefined {
  return codesOf(error).find((code) => NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SQLSTATES.has(code));
}

/** The review links' storage does not answer: publishing and reviewing wait, local work is untouched. 503. */
export class StorageUnavailableError extends AppError {
  constructor(what: "database" | "object store", reason?: string) {
    super(
      "storage_unavailable",
      `The review ${what} is not answering${reason ? ` (${reason})` : ""}. Nothing was lost: your board stays as it is here. Try again in a moment.`,
      { headers: { "retry-after": "5" }, extra: { retry_after_seconds: 5 } },
    );
    this.name = "StorageUnavailableError";
  }
}

/** Runs `work`; a connection failure becomes `StorageUnavailableError`, anything else is rethrown as it is. */
export async function orUnavailable<T>(what: "database" | "object store", work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = error instanceof AppError ? undefined : unavailableCode(error);
    if (!code) throw error;
    throw new StorageUnavailableError(what, code);
  }
}

import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits: a link nobody can guess, in URL-safe characters (43 of them). */
export const newReviewToken = () => randomBytes(32).toString("base64url");

/** What the database keeps instead of the token: a stolen table gives no working link. */
export const hashReviewToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** Tokens are exactly what `newReviewToken` makes; anything else is refused without a query. */
export const looksLikeReviewToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

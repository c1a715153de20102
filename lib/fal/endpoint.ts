/**
 * The fal endpoints Castboard talks to, and the URLs the official client builds for them:
 * generate a shot with the character, repaint a masked region of an image with the character
 * (edit), and restage an image around the character (remix).
 */
export const ENDPOINT_IDS = {
  character: "fal-ai/ideogram/character",
  edit: "fal-ai/ideogram/character/edit",
  remix: "fal-ai/ideogram/character/remix",
} as const;
export type EndpointKind = keyof typeof ENDPOINT_IDS;
export const ENDPOINT_KINDS = Object.keys(ENDPOINT_IDS) as EndpointKind[];

/** Queue requests of all three live under the app (owner/alias), not under the full endpoint path. */
export const ENDPOINT_APP = "fal-ai/ideogram";

export const FAL_HOSTS = {
  queue: "queue.fal.run",
  sync: "fal.run",
  rest: "rest.fal.ai",
} as const;

/** The storage flavour `@fal-ai/client` asks for when it uploads a file. */
export const STORAGE_TYPE = "fal-cdn-v3";

export const PROXY_ROUTE = "/api/fal/proxy";
export const TARGET_URL_HEADER = "x-fal-target-url";
/** Bring-your-own-key travels here, never in `Authorization` (which the stock proxy would forward). */
export const USER_KEY_HEADER = "x-castboard-user-key";

/**
 * Headers for every response: no MIME sniffing, no referrer beyond this origin, no framing. Next.js
 * adds them through next.config.mjs; what is answered at the socket before Next.js
 * (lib/server/review/review-image-fast-path.ts) adds them itself from here.
 */
export const EVERY_RESPONSE_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

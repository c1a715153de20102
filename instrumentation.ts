/**
 * Runs once when the Next.js server starts, however it is started (`npm start`, `next start`, a
 * standalone server): installs the socket-level stamps every request gets before Next.js sees it,
 * its client address and, for pages, a script nonce and Content-Security-Policy; review images
 * and cached review pages are answered there too. With
 * `DATABASE_URL` it also brings the review database's schema up to date.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installSocketHook }, { stampClientAddress }, { pagePolicyStamp }, { appMode, getServerConfig }, { reviewImageFastPath }, { reviewPageCache }, { EVERY_RESPONSE_HEADERS }] =
    await Promise.all([
      import("./lib/server/socket-hook"),
      import("./lib/server/client-address"),
      import("./lib/server/content-security-policy"),
      import("./lib/server/config"),
      import("./lib/server/review/review-image-fast-path"),
      import("./lib/server/review/review-page-cache"),
      import("./lib/server/response-headers.mjs"),
    ]);
  const config = getServerConfig();
  installSocketHook(
    [
      (request) => stampClientAddress(request, config.trustedProxyHops),
      pagePolicyStamp({ falMode: appMode(config) === "fal", upstreamUrl: config.upstreamUrl, dev: process.env.NODE_ENV === "development" }),
    ],
    [reviewImageFastPath(config, Object.fromEntries(EVERY_RESPONSE_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]))), reviewPageCache(config)],
  );
  if (config.databaseUrl) {
    // In the background: local work never waits for the review database, and a database that is
    // down now is migrated on the first review call once it answers (the embedded one always is).
    void import("./lib/server/review/review-services")
      .then(({ getReviewStore }) => getReviewStore(config))
      .then(
        () => console.info("Review database ready"),
        (error: Error) => console.warn(`Review database not ready yet (${error.message}); review links will try again when used`),
      );
  }
}

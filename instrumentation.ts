/**
 * Runs once when the Next.js server starts, however it is started (`npm start`, `next start`, a
 * standalone server): installs the socket-level stamps every request gets before Next.js sees it,
 * its client address and, for pages, a script nonce and Content-Security-Policy.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installSocketHook }, { stampClientAddress }, { pagePolicyStamp }, { appMode, getServerConfig }] = await Promise.all([
    import("./lib/server/socket-hook"),
    import("./lib/server/client-address"),
    import("./lib/server/content-security-policy"),
    import("./lib/server/config"),
  ]);
  const config = getServerConfig();
  installSocketHook([
    (request) => stampClientAddress(request, config.trustedProxyHops),
    pagePolicyStamp({ falMode: appMode(config) === "fal", upstreamUrl: config.upstreamUrl, dev: process.env.NODE_ENV === "development" }),
  ]);
}

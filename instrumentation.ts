/**
 * Runs once when the Next.js server starts, however it is started (`npm start`, `next start`, a
 * standalone server): installs the socket-level client address stamp (see lib/server/client-address).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installClientAddressHook }, { trustedHopsFromEnv }] = await Promise.all([
    import("./lib/server/client-address"),
    import("./lib/server/config"),
  ]);
  installClientAddressHook(trustedHopsFromEnv());
}

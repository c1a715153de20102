/**
 * Empty on purpose: without a file of its own here, Next.js (with `turbopack.root` at the
 * repository) takes the project's root instrumentation.ts, whose Content-Security-Policy and nonces
 * would then block this baseline's scripts and make it no longer an empty app.
 */
export function register() {}

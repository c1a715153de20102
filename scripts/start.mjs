import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuilt } from "./build-if-needed.mjs";

/** `npm start`: build if the sources changed since the last build, then serve on :3000. */
const { failed } = ensureBuilt();
if (failed) {
  console.error("The build failed; fix the errors above and run npm start again.");
  process.exit(1);
}
const port = process.env.PORT ?? "3000";
const child = spawn(process.execPath, [path.join(import.meta.dirname, "serve.mjs")], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: port },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));

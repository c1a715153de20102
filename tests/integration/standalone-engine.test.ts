import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, tempDir } from "../support/servers";

let child: ChildProcess;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn("npm", ["run", "fal:offline", "--", "--port", String(port), "--data-dir", tempDir("cli")], {
    env: { ...process.env, FAL_KEY: "cli-key" },
    stdio: "ignore",
    detached: true,
  });
  for (let i = 0; i < 200; i++) {
    if (await fetch(`${url}/files/none.png`).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("npm run fal:offline did not start");
});
afterAll(() => {
  if (child.pid) process.kill(-child.pid, "SIGTERM");
});

describe("npm run fal:offline", () => {
  it("serves the FAL_UPSTREAM_URL mapping and checks the key it was given", async () => {
    const init = (authorization?: string) =>
      fetch(`${url}/rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ content_type: "image/png", file_name: "a.png" }),
      });
    expect((await init()).status).toBe(401);
    expect((await init("Key wrong")).status).toBe(401);
    const ok = await init("Key cli-key");
    expect(ok.status).toBe(200);
    expect((await ok.json()).upload_url).toMatch(new RegExp(`^${url}/files/upload/`));
  });
});

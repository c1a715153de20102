import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest, createServer, type Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, watchPage } from "../support/browser";
import { proxyFetch, TARGETS } from "../support/fal-client";
import { freePort, startApp, startEngine, tempDir, type RunningApp } from "../support/servers";

/**
 * What a hostile or careless client can do to a production build, each found by a probe: floods,
 * huge and stalled bodies, forged addresses, token guessing, Host headers, hostile upstreams.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const ACCESS = "open-sesame-4410";
const KEY = "hostile-fal-key";
const mascot = readFileSync("tests/fixtures/mascot-reference.jpg");
const access = { "x-castboard-access-token": ACCESS };
const mascotUri = `data:image/jpeg;base64,${mascot.toString("base64")}`;

let offline: RunningApp;
let guarded: RunningApp;
let capped: RunningApp;
let engine: Awaited<ReturnType<typeof startEngine>>;
let htmlUpstream: Server;
let htmlApp: RunningApp;
let team: RunningApp;

beforeAll(async () => {
  engine = await startEngine({ key: KEY, latencyMs: 4000 });
  htmlUpstream = createServer((_, reply) => {
    reply.writeHead(200, { "content-type": "text/html", "x-frame-options": "ALLOWALL" });
    reply.end("<script>alert(document.cookie)</script>");
  });
  await new Promise<void>((resolve) => htmlUpstream.listen(0, "127.0.0.1", resolve));
  const htmlPort = (htmlUpstream.address() as { port: number }).port;
  [offline, guarded, capped, htmlApp, team] = await Promise.all([
    // No APP_ORIGIN: the URLs it hands back must not come from the Host header.
    startApp({ APP_ORIGIN: "", OFFLINE_QUEUE_PER_CLIENT: "3", OFFLINE_LATENCY_MS: "30000", BODY_IDLE_TIMEOUT_MS: "1000" }),
    startApp({ APP_ACCESS_TOKEN: ACCESS, TRUST_PROXY: "1", SIGN_IN_MAX_FAILURES: "4", SESSION_TTL_HOURS: "0.001", RATE_LIMIT_BURST: "1000" }),
    startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: engine.url, PROXY_TIMEOUT_MS: "1000", BUDGET_USD_PER_DAY: "1" }),
    startApp({ FAL_KEY: KEY, FAL_UPSTREAM_URL: `http://127.0.0.1:${htmlPort}` }),
    startApp({ APP_ACCESS_TOKEN: ACCESS }),
  ]);
});

afterAll(async () => {
  await Promise.all([offline, guarded, capped, htmlApp, team].map((app) => app?.stop()));
  await engine?.close();
  await new Promise((resolve) => htmlUpstream?.close(resolve));
});

/**
 * Sends a body of `total` bytes in 64 KB chunks (chunked unless `declared` is given), stopping
 * when the server answers; resolves with the status (0: the server cut the connection) and how
 * much was sent by then.
 */
function sendBody(url: string, options: { method: string; total: number; declared?: number; stallAfter?: number; headers?: Record<string, string> }) {
  return new Promise<{ status: number; sent: number; ms: number }>((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { ...options.headers };
    if (options.declared !== undefined) headers["content-length"] = String(options.declared);
    const req = httpRequest(url, { method: options.method, headers }, (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, sent, ms: Date.now() - started });
      req.destroy();
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server answered and closed while we were still writing: the answer may still be read.
      if (error.code === "EPIPE" || error.code === "ECONNRESET") {
        setTimeout(() => (answered ? undefined : resolve({ status: 0, sent, ms: Date.now() - started })), 1000);
        return;
      }
      reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 1);
    const pump = () => {
      while (!answered && sent < options.total) {
        if (options.stallAfter !== undefined && sent >= options.stallAfter) return;
        const piece = chunk.subarray(0, Math.min(chunk.length, options.total - sent, (options.stallAfter ?? Infinity) - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered && sent >= options.total) req.end();
    };
    pump();
  });
}

/** A raw request with headers fetch will not send (Host). */
function rawPost(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (response) => {
      let text = "";
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the offline engine under a flood", () => {
  it("refuses a broken inline image at once and bounds each client's queue with a 429 that says why", async () => {
    const junk = `data:image/png;base64,${Buffer.alloc(650_000, 3).toString("base64")}`;
    const broken = await proxyFetch(offline.url, TARGETS.submit, { body: JSON.stringify({ prompt: "x", reference_image_urls: [junk] }) });
    expect(broken.status).toBe(422);
    const statuses: number[] = [];
    let refusal: { message?: string } = {};
    for (let i = 0; i < 5; i++) {
      const answer = await proxyFetch(offline.url, TARGETS.submit, { body: JSON.stringify({ prompt: `shot ${i}`, reference_image_urls: [mascotUri], image_size: "square" }) });
      statuses.push(answer.status);
      if (answer.status === 429) refusal = await answer.json();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(refusal.message).toMatch(/already have 3 requests waiting or drawing/);
    expect((await fetch(`${offline.url}/api/health`)).ok).toBe(true);
  });
});

describe("request bodies", () => {
  it("cuts off a huge chunked sign-in body and a huge upload while reading them", async () => {
    const session = await sendBody(`${guarded.url}/api/session`, {
      method: "POST",
      total: 1024 ** 3,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.90" },
    });
    // 413, or (when the close wins the race with reading it) a connection cut short: never read whole.
    expect([413, 0]).toContain(session.status);
    expect(session.sent).toBeLessThan(64 * 1024 ** 2);
    const initiate = await proxyFetch(offline.url, TARGETS.upload, { body: JSON.stringify({ content_type: "image/jpeg", file_name: "a.jpg" }) });
    const { upload_url } = (await initiate.json()) as { upload_url: string };
    const upload = await sendBody(new URL(upload_url, offline.url).href, { method: "PUT", total: 1024 ** 3, headers: { "content-type": "image/jpeg" } });
    expect([413, 0]).toContain(upload.status);
    expect(upload.sent).toBeLessThan(64 * 1024 ** 2);
  });

  it("drops a body that stalls after 10 of 1,000 declared bytes", async () => {
    const stalled = await sendBody(`${offline.url}/api/fal/proxy`, {
      method: "POST",
      total: 1000,
      declared: 1000,
      stallAfter: 10,
      headers: { "content-type": "application/json", "x-fal-target-url": TARGETS.submit },
    });
    expect(stalled.status).toBe(408);
    expect(stalled.ms).toBeLessThan(10_000);
  });
});

describe("URLs handed back", () => {
  it("never builds them from the Host header", async () => {
    const answer = await rawPost(
      `${offline.url}/api/fal/proxy`,
      { host: "evil.example", "content-type": "application/json", "x-fal-target-url": TARGETS.upload },
      JSON.stringify({ content_type: "image/png", file_name: "a.png" }),
    );
    expect(answer.status).toBe(200);
    const { upload_url, file_url } = JSON.parse(answer.body) as { upload_url: string; file_url: string };
    expect(upload_url).toMatch(/^\/api\/offline\/files\/upload\//);
    expect(file_url).toMatch(/^\/api\/offline\/files\//);
    expect(answer.body).not.toContain("evil.example");
  });
});

describe("the client address", () => {
  it("comes from the socket when no proxy is trusted, also under next start", async () => {
    const port = await freePort();
    const dataDir = tempDir("next-start");
    let output = "";
    const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATA_DIR: dataDir, RATE_LIMIT_BURST: "3", RATE_LIMIT_PER_SECOND: "0.01" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    try {
      const url = `http://127.0.0.1:${port}`;
      await expect.poll(() => fetch(`${url}/api/health`).then((r) => r.ok, () => false), { timeout: 60_000, interval: 200 }).toBe(true);
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        const answer = await proxyFetch(url, TARGETS.status("00000000-0000-0000-0000-000000000000"), { method: "GET", headers: { "x-forwarded-for": `203.0.113.${i}`, "x-castboard-client": `198.51.100.${i}` } });
        statuses.push(answer.status);
      }
      expect(statuses.slice(3), output).toEqual([429, 429]);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("is the entry the trusted proxy appended, whatever the caller put before it", async () => {
    // Each call claims a fresh leftmost address; the proxy's appended entry is the same, so they add up.
    for (let i = 0; i < 4; i++) {
      const answer = await proxyFetch(guarded.url, TARGETS.status("x"), { method: "GET", headers: { "x-forwarded-for": `10.9.9.${i}, 198.51.100.77`, authorization: "Bearer wrong" } });
      expect(answer.status).toBe(401);
    }
    const locked = await proxyFetch(guarded.url, TARGETS.status("x"), { method: "GET", headers: { "x-forwarded-for": "10.9.9.200, 198.51.100.77", ...access } });
    expect(locked.status).toBe(429);
    const other = await proxyFetch(guarded.url, TARGETS.status("00000000-0000-0000-0000-000000000000"), { method: "GET", headers: { "x-forwarded-for": "198.51.100.78", ...access } });
    expect(other.status).not.toBe(429);
  });
});

describe("signing in", () => {
  const signIn = (token: string, client: string) =>
    fetch(`${guarded.url}/api/session`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": client },
      body: new URLSearchParams({ token }).toString(),
    });

  it("locks out a client after too many wrong tokens, the right one included, and says so", async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(`guess-${i}`, "198.51.100.10")).headers.get("location")).toBe("/sign-in?error=1");
    const locked = await signIn(ACCESS, "198.51.100.10");
    expect(locked.headers.get("location")).toMatch(/^\/sign-in\?error=locked&minutes=\d+$/);
    const page = await (await fetch(`${guarded.url}${locked.headers.get("location")}`)).text();
    expect(page).toContain("Too many wrong tokens from this address");
    expect((await signIn(ACCESS, "198.51.100.11")).headers.get("set-cookie")).toMatch(/castboard_session=/);
  });

  it("gives each sign-in its own session that signing out ends at once, and that expires", async () => {
    const first = (await signIn(ACCESS, "198.51.100.20")).headers.get("set-cookie")!.split(";")[0]!;
    const second = (await signIn(ACCESS, "198.51.100.20")).headers.get("set-cookie")!.split(";")[0]!;
    expect(first).not.toBe(second);
    const proxied = (cookie: string) => proxyFetch(guarded.url, TARGETS.status("00000000-0000-0000-0000-000000000000"), { method: "GET", headers: { cookie, "x-forwarded-for": "198.51.100.20" } });
    expect((await proxied(first)).status).toBe(404);
    expect((await fetch(`${guarded.url}/api/session`, { method: "DELETE", headers: { cookie: first } })).status).toBe(204);
    expect((await proxied(first)).status).toBe(401);
    expect((await fetch(guarded.url, { headers: { cookie: first }, redirect: "manual" })).headers.get("location")).toMatch(/\/sign-in/);
    // SESSION_TTL_HOURS=0.001: the other session ends by itself within 4 s.
    await expect.poll(async () => (await proxied(second)).status, { timeout: 10_000, interval: 250 }).toBe(401);
  });
});

describe("signing out in the app", () => {
  it("ends the session from the header's button and shows the sign-in page", async () => {
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(team.url);
      await tab.getByLabel("Access token").fill(ACCESS);
      await tab.getByRole("button", { name: "Sign in" }).click();
      await tab.getByRole("button", { name: "Sign out" }).click();
      await tab.waitForURL(/\/sign-in\?signed-out=1$/);
      await tab.getByText("You are signed out. Your projects stay in this browser.").waitFor();
      await tab.goto(team.url);
      expect(new URL(tab.url()).pathname).toBe("/sign-in");
    } finally {
      await browser.close();
    }
  });
});

describe("the spend cap", () => {
  it("keeps the charge of a run that timed out, so a slow fal cannot be driven past the cap", async () => {
    const before = engine.received.filter((r) => r.method === "POST").length;
    const statuses: number[] = [];
    let timedOut: { message?: string; may_have_run?: boolean } = {};
    for (let i = 0; i < 10; i++) {
      const answer = await proxyFetch(capped.url, TARGETS.run, {
        body: JSON.stringify({ prompt: `run ${i}`, reference_image_urls: ["https://example.test/ref.png"], num_images: 6, rendering_speed: "BALANCED" }),
      });
      statuses.push(answer.status);
      if (answer.status === 504) timedOut = await answer.json();
    }
    expect(statuses).toEqual([504, ...Array(9).fill(402)]);
    expect(timedOut.may_have_run).toBe(true);
    expect(timedOut.message).toMatch(/may still have run on fal, so it stays counted/);
    expect(engine.received.filter((r) => r.method === "POST").length - before).toBe(1);
  });
});

describe("headers", () => {
  it("serves pages under a nonce-based CSP with nosniff and a referrer policy, and the app runs under it", async () => {
    const page = await fetch(offline.url);
    const policy = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const { errors } = watchPage(tab);
      await tab.goto(offline.url);
      await tab.getByTestId("cast-empty").getByRole("button", { name: "Sample storyboard" }).click();
      // Hydrated, code-split chunks loaded and pictures drawn: the whole app ran under the policy.
      await tab.waitForFunction(
        () => [...document.querySelectorAll<HTMLImageElement>("[data-testid=panel-card] img")].filter((img) => img.complete && img.naturalWidth > 0).length === 5,
        undefined,
        { timeout: 30_000 },
      );
      expect(errors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("serves stored files with nosniff and a sandboxing policy", async () => {
    const initiate = await proxyFetch(offline.url, TARGETS.upload, { body: JSON.stringify({ content_type: "image/jpeg", file_name: "a.jpg" }) });
    const { upload_url, file_url } = (await initiate.json()) as { upload_url: string; file_url: string };
    expect((await fetch(new URL(upload_url, offline.url), { method: "PUT", body: mascot })).status).toBe(200);
    const served = await fetch(new URL(file_url, offline.url));
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toContain("sandbox");
  });

  it("never serves an upstream's HTML or headers from the app's origin", async () => {
    const answer = await proxyFetch(htmlApp.url, TARGETS.status("00000000-0000-0000-0000-000000000000"), { method: "GET" });
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("x-frame-options")).toBe("DENY");
    expect(await answer.text()).not.toContain("<script>");
  });
});

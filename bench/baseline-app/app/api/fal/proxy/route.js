import { createRouteHandler } from "@fal-ai/server-proxy/nextjs";

/**
 * The stock route handler of `@fal-ai/server-proxy`, mounted as its README says, for the proxy
 * latency baseline (bench/proxy.bench.ts). Its only change from the defaults is an allow-list
 * naming the offline engine, read at run time: the stock handler fetches the target URL as given,
 * so the benchmark sends it the engine's mapped URL (`ENGINE/queue.fal.run/...`, what our route
 * computes from `FAL_UPSTREAM_URL`). The key comes from `FAL_KEY`, as by default. A route
 * handler ships no JavaScript to the browser, so the page's first-load bytes are unchanged.
 */
export const dynamic = "force-dynamic";

const pattern = process.env.STOCK_PROXY_ALLOWED_URL;

export const { GET, POST, PUT } = createRouteHandler(pattern ? { allowedUrlPatterns: [pattern] } : {});

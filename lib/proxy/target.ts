import "server-only";
import { ENDPOINT_APP, ENDPOINT_IDS, ENDPOINT_KINDS, FAL_HOSTS, STORAGE_TYPE, type EndpointKind } from "../fal/endpoint";
import { AppError } from "../errors";

/**
 * The only upstream calls the proxy lets through, matched against the exact URLs
 * `@fal-ai/client` builds. Anything else never leaves the server. Submit and run name the
 * endpoint they spend on; status, result and cancel the request they follow.
 */
export type ProxyTarget =
  | { kind: "submit" | "run"; url: URL; endpoint: EndpointKind }
  | { kind: "status" | "result" | "cancel"; url: URL; requestId: string }
  | { kind: "upload"; url: URL };

type Route = { method: string; host: string; path: RegExp; query: RegExp } & (
  | { kind: "submit" | "run"; endpoint: EndpointKind }
  | { kind: "status" | "result" | "cancel" | "upload" }
);

const REQUEST_ID = "([A-Za-z0-9-]{8,64})";
const ENDPOINT_PATHS = ENDPOINT_KINDS.map((kind) => ENDPOINT_IDS[kind]);
const ROUTES: Route[] = [
  // One exact path per endpoint on each host: `.../character/edit/x` or `.../v3/edit` match none.
  ...ENDPOINT_KINDS.flatMap((endpoint): Route[] => [
    { kind: "submit", method: "POST", host: FAL_HOSTS.queue, path: exact(`/${ENDPOINT_IDS[endpoint]}`), query: /^$/, endpoint },
    { kind: "run", method: "POST", host: FAL_HOSTS.sync, path: exact(`/${ENDPOINT_IDS[endpoint]}`), query: /^$/, endpoint },
  ]),
  {
    kind: "status",
    method: "GET",
    host: FAL_HOSTS.queue,
    path: new RegExp(`^/${escape(ENDPOINT_APP)}/requests/${REQUEST_ID}/status$`),
    query: /^(\?logs=[01])?$/,
  },
  {
    kind: "result",
    method: "GET",
    host: FAL_HOSTS.queue,
    path: new RegExp(`^/${escape(ENDPOINT_APP)}/requests/${REQUEST_ID}$`),
    query: /^$/,
  },
  {
    kind: "cancel",
    method: "PUT",
    host: FAL_HOSTS.queue,
    path: new RegExp(`^/${escape(ENDPOINT_APP)}/requests/${REQUEST_ID}/cancel$`),
    query: /^$/,
  },
  {
    kind: "upload",
    method: "POST",
    host: FAL_HOSTS.rest,
    path: exact("/storage/upload/initiate"),
    query: new RegExp(`^\\?storage_type=${escape(STORAGE_TYPE)}$`),
  },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function exact(path: string): RegExp {
  return new RegExp(`^${escape(path)}$`);
}

const refuse = (message: string) => new AppError("target_not_allowed", message);

/**
 * Parses and checks the `x-fal-target-url` header. The raw value must already be the canonical
 * form of the URL it parses to, which refuses `..`, `%2F`, default ports, upper-case hosts and
 * every other spelling that a URL parser would quietly rewrite.
 */
export function classifyTarget(rawHeader: string | null, method: string): ProxyTarget {
  if (!rawHeader) throw new AppError("bad_request", "Missing x-fal-target-url header: call this route through @fal-ai/client");
  if (rawHeader.includes(",") || rawHeader.includes(" ")) {
    throw new AppError("bad_request", "Send exactly one x-fal-target-url header");
  }
  let url: URL;
  try {
    url = new URL(rawHeader);
  } catch {
    throw new AppError("bad_request", "x-fal-target-url is not a valid URL");
  }
  if (url.protocol !== "https:") throw refuse("Only https targets are allowed");
  if (url.username || url.password) throw refuse("Targets with credentials are not allowed");
  if (url.port) throw refuse("Targets with an explicit port are not allowed");
  if (url.href !== rawHeader || url.hash) throw refuse("Target URL is not in canonical form");
  if (/%|\\|\/\//.test(url.pathname)) throw refuse("Target path contains encoded or repeated separators");

  const onHost = ROUTES.filter((r) => r.host === url.hostname && r.path.test(url.pathname) && r.query.test(url.search));
  if (onHost.length === 0) {
    throw refuse(`Only requests to ${ENDPOINT_PATHS.join(", ")} can pass through this proxy`);
  }
  const route = onHost.find((r) => r.method === method.toUpperCase());
  if (!route) {
    throw new AppError("method_not_allowed", `${method.toUpperCase()} is not allowed for this target`, {
      headers: { allow: onHost.map((r) => r.method).join(", ") },
    });
  }
  switch (route.kind) {
    case "submit":
    case "run":
      return { kind: route.kind, url, endpoint: route.endpoint };
    case "upload":
      return { kind: route.kind, url };
    default:
      return { kind: route.kind, url, requestId: route.path.exec(url.pathname)![1]! };
  }
}

/**
 * Where an allowed target is fetched from when `FAL_UPSTREAM_URL` is set:
 * `https://HOST/PATH?QUERY` becomes `FAL_UPSTREAM_URL/HOST/PATH?QUERY`. Other checks rely on
 * exactly this mapping.
 */
export function mapToUpstream(target: URL, upstreamBase: string): string {
  return `${upstreamBase.replace(/\/+$/, "")}/${target.host}${target.pathname}${target.search}`;
}

/**
 * Globs for `@fal-ai/server-proxy`'s own allow-list, so its check agrees with ours on both the
 * real hosts and the mapped upstream. Ours runs first and is the exact one.
 */
export function serverProxyAllowList(upstreamBase?: string) {
  const prefix = upstreamBase ? `${new URL(upstreamBase).host}${new URL(upstreamBase).pathname.replace(/\/+$/, "")}/` : "";
  const mapped = (path: string) => `${prefix}${path}`;
  return {
    allowedUrlPatterns: [
      mapped(`${FAL_HOSTS.queue}/${ENDPOINT_APP}/**`),
      ...ENDPOINT_PATHS.map((id) => mapped(`${FAL_HOSTS.sync}/${id}`)),
      mapped(`${FAL_HOSTS.rest}/storage/upload/initiate\\?storage_type=${STORAGE_TYPE}`),
    ],
    allowedEndpoints: upstreamBase
      ? [
          ...ENDPOINT_PATHS.flatMap((id) => [mapped(`${FAL_HOSTS.queue}/${id}`), mapped(`${FAL_HOSTS.sync}/${id}`)]),
          mapped(`${FAL_HOSTS.rest}/storage/upload/initiate`),
        ].map((p) => p.slice(p.indexOf("/") + 1))
      : ENDPOINT_PATHS,
  };
}

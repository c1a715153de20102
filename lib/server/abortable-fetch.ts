import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * `@fal-ai/server-proxy` calls the global `fetch` without a signal, so a hung upstream would
 * hold its socket long after we answered. Calls made inside `withFetchSignal` get the given
 * signal, which lets the proxy's timeout really abort the upstream request.
 */
const signalStore = new AsyncLocalStorage<AbortSignal>();
const WRAPPED = Symbol.for("castboard.abortable-fetch");

type Fetch = typeof fetch & { [WRAPPED]?: true };

function install(): void {
  const current = globalThis.fetch as Fetch;
  if (current[WRAPPED]) return;
  const wrapped: Fetch = Object.assign(
    (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const signal = signalStore.getStore();
      return current(input, signal && !init?.signal ? { ...init, signal } : init);
    },
    { [WRAPPED]: true as const },
  );
  globalThis.fetch = wrapped;
}

export function withFetchSignal<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  install();
  return signalStore.run(signal, run);
}

"use client";
import { useEffect, useReducer, type ComponentType, type ReactNode } from "react";
import { Button } from "./button";

export interface OnDemandProps {
  /** Shown while the code loads. */
  fallback?: ReactNode;
  /** Names what failed to load in the message shown when it cannot ("the board"). */
  what: string;
}

/**
 * A component whose code is fetched the first time it is rendered, for parts of the page a first
 * visit does not show (the board grid while there are no panels).
 *
 * Not `next/dynamic`: that goes through Suspense, and React holds back content that replaces a
 * Suspense fallback for up to 300 ms, which a returning user would see as a slower board. Here
 * the loaded component simply renders on the next update, and a failed fetch (offline) says so
 * with a Retry instead of breaking the page.
 */
export function onDemand<P extends object>(load: () => Promise<ComponentType<P>>) {
  let Loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (Loaded = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));

  function OnDemand({ fallback = null, what, ...props }: P & OnDemandProps) {
    const [state, dispatch] = useReducer((_: "loading" | "ready" | "failed", next: "loading" | "ready" | "failed") => next, Loaded ? "ready" : "loading");
    useEffect(() => {
      if (state !== "loading") return;
      let live = true;
      preload().then(
        () => live && dispatch("ready"),
        () => live && dispatch("failed"),
      );
      return () => {
        live = false;
      };
    }, [state]);
    if (Loaded) return <Loaded {...(props as P)} />;
    if (state === "failed") {
      return (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 p-3 text-[13px] text-amber-900 ring-1 ring-amber-200">
          Could not load {what}: the connection to Castboard may be down. Your work is saved in this browser.
          <Button size="sm" onClick={() => dispatch("loading")}>
            Retry
          </Button>
        </div>
      );
    }
    return fallback;
  }
  return Object.assign(OnDemand, { preload });
}

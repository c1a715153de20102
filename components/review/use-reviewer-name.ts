"use client";
import { useCallback, useSyncExternalStore } from "react";
import { normalName } from "@/lib/review/review-page-model";

/** One name for every review link in this browser: a reviewer gives it once. */
const KEY = "castboard.reviewer-name";
const listeners = new Set<() => void>();
let memory: string | null = null;

function read(): string | null {
  try {
    return normalName(localStorage.getItem(KEY) ?? "") || null;
  } catch {
    // Storage switched off: the name lasts as long as the page.
    return memory;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab changing the name changes it here too.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** The reviewer's name (null until given), and a setter that keeps it in localStorage. */
export function useReviewerName(): [string | null, (name: string) => void] {
  const name = useSyncExternalStore(subscribe, read, () => null);
  const setName = useCallback((raw: string) => {
    memory = normalName(raw) || null;
    try {
      localStorage.setItem(KEY, memory ?? "");
    } catch {}
    listeners.forEach((listener) => listener());
  }, []);
  return [name, setName];
}

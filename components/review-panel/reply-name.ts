"use client";
import { useCallback, useSyncExternalStore } from "react";

/** The name the author replies under: asked once, kept in this browser, empty until given. */
const KEY = "castboard.review-reply-name";
const listeners = new Set<() => void>();
// Where storage is refused (private mode), the name lasts as long as the page.
let kept = "";

function read(): string {
  try {
    return localStorage.getItem(KEY) ?? kept;
  } catch {
    return kept;
  }
}

export function useReplyName(): [string, (name: string) => void] {
  const name = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read,
    () => "",
  );
  const save = useCallback((next: string) => {
    kept = next.trim();
    try {
      localStorage.setItem(KEY, kept);
    } catch {
      // Kept in memory instead.
    }
    listeners.forEach((l) => l());
  }, []);
  return [name, save];
}

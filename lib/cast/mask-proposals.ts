import { useSyncExternalStore } from "react";

/**
 * Which characters have a mask proposal still running. Only this browser tab cares, and only while
 * it runs, so it is kept here rather than in the saved state.
 */
const pending = new Set<string>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function trackProposal(characterId: string, work: Promise<void>): void {
  pending.add(characterId);
  emit();
  void work
    .catch(() => undefined) // no proposal: the character keeps "No mask", which is a valid choice
    .finally(() => {
      pending.delete(characterId);
      emit();
    });
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export function useProposalPending(characterId: string): boolean {
  return useSyncExternalStore(
    subscribe,
    () => pending.has(characterId),
    () => false,
  );
}

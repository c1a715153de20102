import { createStore, del, get, set, type UseStore } from "idb-keyval";
import type { StateStorage } from "zustand/middleware";

/** zustand's `persist` on IndexedDB: the scene data, separate from the image blobs. */
let store: UseStore | undefined;
const states = () => (store ??= createStore("castboard-state", "state"));

export const idbStateStorage: StateStorage = {
  getItem: async (name) => (await get<string>(name, states())) ?? null,
  setItem: async (name, value) => set(name, value, states()),
  removeItem: async (name) => del(name, states()),
};

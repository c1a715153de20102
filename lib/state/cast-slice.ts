import { CHARACTER_NAME_MAX, type Character, type ImageRef } from "./schema";
import type { CastboardSlice } from "./store";

export interface RemovedCharacter {
  character: Character;
  index: number;
}

export interface CastSlice {
  characters: Character[];
  addCharacter(character: Character): void;
  renameCharacter(id: string, name: string): void;
  updateNotes(id: string, notes: string): void;
  /** A mask and where it came from (painted unless said); null means the character uses no mask. */
  setMask(id: string, mask: ImageRef | null, source?: { kind: "auto" | "painted"; check?: string }): void;
  duplicateCharacter(id: string): Character | undefined;
  removeCharacter(id: string): RemovedCharacter | undefined;
  restoreCharacter(removed: RemovedCharacter): void;
  moveCharacter(id: string, toIndex: number): void;
}

const patch = (characters: Character[], id: string, change: Partial<Character>) =>
  characters.map((c) => (c.id === id ? { ...c, ...change } : c));

/** "Ferris" → "Ferris copy", "Ferris copy" → "Ferris copy 2", … */
export function copyName(name: string, taken: Set<string>): string {
  const stem = name.replace(/ copy( \d+)?$/, "");
  for (let n = 1; ; n++) {
    const candidate = `${stem} copy${n === 1 ? "" : ` ${n}`}`.slice(0, CHARACTER_NAME_MAX);
    if (!taken.has(candidate)) return candidate;
  }
}

export const createCastSlice: CastboardSlice<CastSlice> = (set, get) => ({
  characters: [],
  addCharacter: (character) => set((s) => ({ characters: [...s.characters, character] })),
  renameCharacter: (id, name) => set((s) => ({ characters: patch(s.characters, id, { name: name.slice(0, CHARACTER_NAME_MAX) }) })),
  updateNotes: (id, notes) => set((s) => ({ characters: patch(s.characters, id, { notes }) })),
  setMask: (id, mask, source) =>
    set((s) => ({
      characters: patch(s.characters, id, mask ? { mask, maskSource: source?.kind ?? "painted", maskCheck: source?.check } : { mask: null, maskSource: "none", maskCheck: undefined }),
    })),
  duplicateCharacter: (id) => {
    const { characters } = get();
    const index = characters.findIndex((c) => c.id === id);
    const source = characters[index];
    if (!source) return undefined;
    // Blobs are shared, never copied: garbage collection frees them once nothing refers to them.
    const copy: Character = {
      ...source,
      id: crypto.randomUUID(),
      name: copyName(source.name, new Set(characters.map((c) => c.name))),
      createdAt: Date.now(),
    };
    set({ characters: [...characters.slice(0, index + 1), copy, ...characters.slice(index + 1)] });
    return copy;
  },
  removeCharacter: (id) => {
    const { characters } = get();
    const index = characters.findIndex((c) => c.id === id);
    const character = characters[index];
    if (!character) return undefined;
    set({ characters: characters.filter((c) => c.id !== id) });
    return { character, index };
  },
  restoreCharacter: ({ character, index }) =>
    set((s) => {
      if (s.characters.some((c) => c.id === character.id)) return s;
      const at = Math.min(index, s.characters.length);
      return { characters: [...s.characters.slice(0, at), character, ...s.characters.slice(at)] };
    }),
  moveCharacter: (id, toIndex) =>
    set((s) => {
      const from = s.characters.findIndex((c) => c.id === id);
      if (from < 0) return s;
      const to = Math.max(0, Math.min(toIndex, s.characters.length - 1));
      const next = [...s.characters];
      const [moved] = next.splice(from, 1);
      next.splice(to, 0, moved!);
      return { characters: next };
    }),
});

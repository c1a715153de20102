export function hashSources(inputs: readonly string[]): string;
export function ensureBuilt(options?: { force?: boolean }): { built: boolean; failed?: boolean };

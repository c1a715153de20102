export function sourceHash(): string;
export function ensureBuilt(options?: { force?: boolean }): { built: boolean; failed?: boolean };

export function ensureChromium(): string;
export function ensureRedisServer(): string;
export function ensurePostgres(): string;

const DATE = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric" });
const TIME = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });

export const formatDay = (iso: string): string => DATE.format(new Date(iso));
export const formatWhen = (iso: string): string => TIME.format(new Date(iso));
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const EVERY_RESPONSE_HEADERS: { key: string; value: string }[];

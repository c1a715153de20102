import type { EndpointKind } from "./endpoint";
import { DEFAULTS, type RenderingSpeed } from "./schema";

/**
 * Price per generated image, in US cents (cents keep sums exact), for each endpoint: the one table
 * the spend cap, the proxy, the buttons and the exports read. Character and remix prices are fal's
 * published ones; fal publishes none for edit, so edit is assumed to cost what the others do.
 */
export const PRICE_CENTS_PER_IMAGE: Record<EndpointKind, Record<RenderingSpeed, number>> = {
  character: { TURBO: 10, BALANCED: 15, QUALITY: 20 },
  edit: { TURBO: 10, BALANCED: 15, QUALITY: 20 },
  remix: { TURBO: 10, BALANCED: 15, QUALITY: 20 },
};

/** Endpoints whose price above is an assumption, not a published figure. */
export const PRICE_ASSUMED: Record<EndpointKind, boolean> = { character: false, edit: true, remix: false };

export function pricePerImageUsd(speed: RenderingSpeed, endpoint: EndpointKind = "character"): number {
  return PRICE_CENTS_PER_IMAGE[endpoint][speed] / 100;
}

interface Priced {
  num_images?: number;
  rendering_speed?: RenderingSpeed;
}

export function costCents(input: Priced, endpoint: EndpointKind = "character"): number {
  const images = input.num_images ?? DEFAULTS.num_images;
  const speed = input.rendering_speed ?? DEFAULTS.rendering_speed;
  return images * PRICE_CENTS_PER_IMAGE[endpoint][speed];
}

export function costUsd(input: Priced, endpoint: EndpointKind = "character"): number {
  return costCents(input, endpoint) / 100;
}

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

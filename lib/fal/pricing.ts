import { DEFAULTS, type IdeogramCharacterInput, type RenderingSpeed } from "./schema";

/** Price per generated image, in US cents, from the seed document. Cents keep sums exact. */
export const PRICE_CENTS_PER_IMAGE: Record<RenderingSpeed, number> = {
  TURBO: 10,
  BALANCED: 15,
  QUALITY: 20,
};

export function pricePerImageUsd(speed: RenderingSpeed): number {
  return PRICE_CENTS_PER_IMAGE[speed] / 100;
}

export function costCents(input: Pick<IdeogramCharacterInput, "num_images" | "rendering_speed">): number {
  const images = input.num_images ?? DEFAULTS.num_images;
  const speed = input.rendering_speed ?? DEFAULTS.rendering_speed;
  return images * PRICE_CENTS_PER_IMAGE[speed];
}

export function costUsd(input: Pick<IdeogramCharacterInput, "num_images" | "rendering_speed">): number {
  return costCents(input) / 100;
}

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

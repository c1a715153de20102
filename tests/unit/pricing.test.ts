import { describe, expect, it } from "vitest";
import { costCents, costUsd, formatUsd, pricePerImageUsd } from "@/lib/fal/pricing";

describe("pricing", () => {
  it("uses the seed document's price per image", () => {
    expect(pricePerImageUsd("TURBO")).toBe(0.1);
    expect(pricePerImageUsd("BALANCED")).toBe(0.15);
    expect(pricePerImageUsd("QUALITY")).toBe(0.2);
  });

  it("costs images times the price of the speed, defaulting to one BALANCED image", () => {
    expect(costUsd({})).toBe(0.15);
    expect(costCents({ num_images: 8, rendering_speed: "QUALITY" })).toBe(160);
    expect(costUsd({ num_images: 3, rendering_speed: "TURBO" })).toBe(0.3);
    expect(formatUsd(costUsd({ num_images: 7, rendering_speed: "BALANCED" }))).toBe("$1.05");
  });
});

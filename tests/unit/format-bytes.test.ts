import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/format-bytes";

describe("formatBytes", () => {
  it("writes sizes 1000-based with one decimal while it matters", () => {
    expect([0, 999, 1000, 1234, 8_400_000, 123_456_789, 999_999, 2.5e9].map(formatBytes)).toEqual([
      "0 B",
      "999 B",
      "1 KB",
      "1.2 KB",
      "8.4 MB",
      "123 MB",
      "1 MB",
      "2.5 GB",
    ]);
  });

  it("shows a small reference in KB, not as 0.0 MB", () => {
    expect(formatBytes(40_000)).toBe("40 KB");
    expect(formatBytes(40 * 1024)).toBe("41 KB");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(99_949)).toBe("99.9 KB");
    expect(formatBytes(99_950)).toBe("100 KB");
  });

  it("prints the app's limits as they are set", () => {
    expect([10_000_000, 200e6, 500e6, 50e6].map(formatBytes)).toEqual(["10 MB", "200 MB", "500 MB", "50 MB"]);
    // A binary mebibyte is a little over one 1000-based MB.
    expect(formatBytes(1024 * 1024)).toBe("1 MB");
    expect(formatBytes(15 * 1024 * 1024)).toBe("15.7 MB");
  });

  it("steps up a unit rather than print 1000 of the one below", () => {
    expect([999_499, 999_500, 999_950_000].map(formatBytes)).toEqual(["999 KB", "1 MB", "1 GB"]);
  });

  it("reads nonsense as nothing", () => {
    expect([-5, Number.NaN, Number.POSITIVE_INFINITY].map(formatBytes)).toEqual(["0 B", "0 B", "0 B"]);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { crc32, sha256Hex } from "@/lib/checksums";

const text = (s: string) => new TextEncoder().encode(s);

describe("crc32", () => {
  it("matches the standard check value and zlib's", () => {
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    // PNG's IEND chunk: the CRC of its type alone.
    expect(crc32(text("IEND"))).toBe(0xae426082);
  });

  it("continues over slices to the same result as one pass", () => {
    const bytes = text("The quick brown fox jumps over the lazy dog");
    const whole = crc32(bytes);
    expect(whole).toBe(0x414fa339);
    let crc = 0;
    for (let start = 0; start < bytes.length; start += 5) crc = crc32(bytes, start, Math.min(start + 5, bytes.length), crc);
    expect(crc).toBe(whole);
    expect(crc32(bytes, 4, 9)).toBe(crc32(text("quick")));
  });
});

describe("sha256Hex", () => {
  it("is Node's lower-case hex SHA-256", async () => {
    const bytes = text("castboard");
    expect(await sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(await sha256Hex(bytes.buffer)).toMatch(/^[0-9a-f]{64}$/);
  });
});

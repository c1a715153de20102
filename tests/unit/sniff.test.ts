import { readFileSync } from "node:fs";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sniffImageType } from "@/lib/images/sniff";

const mascot = readFileSync("tests/fixtures/mascot-reference.jpg");

describe("sniffing a file's type from its bytes", () => {
  it("recognises JPEG, PNG and WebP whatever they are called", async () => {
    expect(sniffImageType(mascot)).toBe("image/jpeg");
    expect(sniffImageType(await sharp(mascot).png().toBuffer())).toBe("image/png");
    expect(sniffImageType(await sharp(mascot).webp().toBuffer())).toBe("image/webp");
  });

  it("names the formats it refuses so the message can say what was wrong", async () => {
    expect(sniffImageType(await sharp(mascot).resize(8).gif().toBuffer())).toBe("image/gif");
    expect(sniffImageType(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("image/svg+xml");
    expect(sniffImageType(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffImageType(Buffer.from([0, 0, 0, 24, ...Buffer.from("ftypheic")]))).toBe("image/heic");
    expect(sniffImageType(Buffer.from("just some text renamed to photo.jpg"))).toBe("unknown");
    expect(sniffImageType(new Uint8Array())).toBe("unknown");
  });
});

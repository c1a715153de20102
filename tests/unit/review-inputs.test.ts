import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "@/lib/errors";
import { orUnavailable } from "@/lib/server/db/unavailable";
import { commentBody, parseSnapshot, personName } from "@/lib/server/review/review-inputs";
import type { ReviewSnapshot } from "@/lib/server/review/snapshot-schema";
import { hashReviewToken, looksLikeReviewToken, newReviewToken } from "@/lib/server/review/tokens";
import { freePort } from "../support/servers";

/** What a review link accepts before anything reaches the database: snapshots, comments, names, tokens. */
function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const image = (n: number, bytes = 1000) => ({ hash: n.toString(16).padStart(64, "0"), type: "image/png" as const, width: 640, height: 360, bytes });
const panel = (id: string, imageRef: ReturnType<typeof image> | null = image(1)) => ({
  id,
  image: imageRef,
  shot: { size: "close-up" as const, angle: null, durationSec: 2.5 },
  caption: "She hesitates at the door.",
  balloons: [{ id: `${id}-b`, speaker: null, text: "Who's there?", x: 0.5, y: 0.1 }],
});
const snapshot = (panels: ReviewSnapshot["panels"]): ReviewSnapshot => ({ title: "Night shift", panels });

describe("a published snapshot", () => {
  it("is accepted as the board shows it", () => {
    const board = snapshot([panel("a"), panel("b", image(2)), panel("c", null)]);
    expect(parseSnapshot(board)).toEqual(board);
  });

  it("holds at most 500 panels, and says to share the board in parts", () => {
    expect(parseSnapshot(snapshot(Array.from({ length: 500 }, (_, i) => panel(`p${i}`, null)))).panels).toHaveLength(500);
    const error = refusal(() => parseSnapshot(snapshot(Array.from({ length: 501 }, (_, i) => panel(`p${i}`, null)))));
    expect(error).toMatchObject({ code: "snapshot_too_large", status: 413 });
    expect(error.message).toBe("A review holds at most 500 panels; this board has 501. Share it in parts.");
  });

  it("counts each image once against the 200 MB cap, however many panels show it", () => {
    const shared = image(9, 15_000_000);
    expect(() => parseSnapshot(snapshot(Array.from({ length: 20 }, (_, i) => panel(`p${i}`, shared))))).not.toThrow();
    const distinct = snapshot(Array.from({ length: 14 }, (_, i) => panel(`p${i}`, image(100 + i, 15_000_000))));
    expect(refusal(() => parseSnapshot(distinct)).message).toMatch(/at most 200 MB; this board's come to 210\.0 MB\. Share it in parts or with smaller images/);
  });

  it("refuses fields past their lengths, bad hashes and repeated panel ids, naming the field", () => {
    const longCaption = refusal(() => parseSnapshot(snapshot([{ ...panel("a"), caption: "x".repeat(2001) }])));
    expect(longCaption.code).toBe("validation_failed");
    expect(longCaption.detail?.[0]?.loc).toEqual(["body", "panels", 0, "caption"]);
    const longLine = refusal(() => parseSnapshot(snapshot([{ ...panel("a"), balloons: [{ id: "b", speaker: "Mara", text: "y".repeat(501), x: 0, y: 0 }] }])));
    expect(longLine.message).toMatch(/panels\.0\.balloons\.0\.text/);
    const badHash = refusal(() => parseSnapshot(snapshot([panel("a", { ...image(1), hash: "../../etc/passwd" })])));
    expect(badHash.message).toMatch(/SHA-256 of its bytes/);
    expect(refusal(() => parseSnapshot(snapshot([panel("a"), panel("a")]))).message).toMatch(/two panels share one id/);
    expect(refusal(() => parseSnapshot({ panels: "none" })).code).toBe("validation_failed");
  });
});

describe("a comment", () => {
  it("is trimmed plain text of 1 to 2000 characters", () => {
    expect(commentBody("  <script>alert(1)</script>\n")).toBe("<script>alert(1)</script>");
    expect(commentBody(`  ${"é".repeat(2000)}  `)).toHaveLength(2000);
    const long = refusal(() => commentBody("x".repeat(2001)));
    expect(long).toMatchObject({ code: "comment_too_long", status: 413, extra: { max: 2000, length: 2001 } });
    expect(long.message).toMatch(/at most 2000 characters; this one has 2001/);
    expect(refusal(() => commentBody(" \n\t ")).code).toBe("comment_empty");
  });

  it("needs a name of at most 80 characters, spaces folded", () => {
    expect(personName("  Ines   Duarte ")).toBe("Ines Duarte");
    expect(refusal(() => personName("   ")).code).toBe("validation_failed");
    expect(refusal(() => personName("n".repeat(81))).message).toMatch(/at most 80/);
  });
});

describe("a review token", () => {
  it("carries 256 random bits in URL-safe characters, and is kept only as its SHA-256", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newReviewToken));
    expect(tokens.size).toBe(1000);
    for (const token of [...tokens].slice(0, 20)) {
      expect(looksLikeReviewToken(token)).toBe(true);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(hashReviewToken(token)).toMatch(/^[0-9a-f]{64}$/);
      expect(hashReviewToken(token)).not.toContain(token);
    }
    expect(looksLikeReviewToken("short")).toBe(false);
    expect(looksLikeReviewToken(`${"a".repeat(42)}/`)).toBe(false);
  });
});

describe("storage that does not answer", () => {
  it("turns a refused connection into storage_unavailable (503, retry in 5 s) and lets other errors through", async () => {
    const port = await freePort();
    const refused = () =>
      new Promise<never>((_, reject) => {
        const socket = connect(port, "127.0.0.1");
        socket.on("error", reject);
      });
    const error = await orUnavailable("database", refused).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "storage_unavailable", status: 503, headers: { "retry-after": "5" } });
    expect((error as Error).message).toBe("The review database is not answering (ECONNREFUSED). Nothing was lost: your board stays as it is here. Try again in a moment.");

    const duplicate = Object.assign(new Error("duplicate key"), { code: "23505" });
    await expect(orUnavailable("database", () => Promise.reject(duplicate))).rejects.toBe(duplicate);
    const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    await expect(orUnavailable("database", () => Promise.reject(new Error("query failed", { cause: shutdown })))).rejects.toMatchObject({ code: "storage_unavailable" });
    const refusedAlready = new AppError("not_found", "gone");
    await expect(orUnavailable("object store", () => Promise.reject(refusedAlready))).rejects.toBe(refusedAlready);
  });
});

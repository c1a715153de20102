import { afterEach, describe, expect, it, vi } from "vitest";
import { lastShareTarget } from "@/lib/review/publish-target";
import type { ShareSummary } from "@/lib/review/review-types";
import { saveShareLink, type SavedShareLink } from "@/lib/review/share-links";

/** Which link "Share for review" offers to publish the next version to: the links this browser made, checked against the server's list. */
describe("the link offered for the next version", () => {
  const share = (id: string, versions: number, extra: Partial<ShareSummary> = {}): ShareSummary => ({
    id,
    projectId: "proj-target",
    projectName: "Dawn raid",
    createdAt: "2026-12-01T10:00:00Z",
    expiresAt: null,
    revokedAt: null,
    versions: Array.from({ length: versions }, (_, i) => ({ number: i + 1, createdAt: "2026-12-01T10:00:00Z", panels: 3 })),
    newComments: 0,
    statuses: [],
    verdicts: [],
    ...extra,
  });
  const link = (shareId: string): SavedShareLink => ({ shareId, url: `http://castboard.test/review/${shareId}`, createdAt: "2026-12-01T10:00:00Z" });

  afterEach(() => vi.unstubAllGlobals());

  it("is the newest saved link that still opens, with its next version number; none once every link is revoked or expired", async () => {
    await saveShareLink("proj-target", link("old"));
    await saveShareLink("proj-target", link("revoked"));
    await saveShareLink("proj-target", link("expired"));
    let shares = [share("old", 2), share("revoked", 1, { revokedAt: "2026-12-01T11:00:00Z" }), share("expired", 4, { expiresAt: "2026-12-01T12:00:00Z" })];
    vi.stubGlobal("fetch", async () => Response.json({ shares }));
    const now = Date.parse("2026-12-02T00:00:00Z");
    expect(await lastShareTarget("proj-target", now)).toEqual({ link: link("old"), nextVersion: 3 });
    shares = shares.filter((s) => s.id !== "old");
    expect(await lastShareTarget("proj-target", now)).toBeNull();
  });

  it("without an answer from the server, offers the newest saved link for \"the next version\"", async () => {
    await saveShareLink("proj-offline", link("a"));
    await saveShareLink("proj-offline", link("b"));
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await lastShareTarget("proj-offline")).toEqual({ link: link("b"), nextVersion: null });
    expect(await lastShareTarget("proj-never-shared")).toBeNull();
  });
});

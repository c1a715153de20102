import { ApiError, ValidationError } from "@fal-ai/client";
import { describe, expect, it } from "vitest";
import { stopsBatch, toPanelError } from "@/lib/generation/errors";

// The errors are the fal client's own classes: the app recognises them without importing the
// client up front, so these prove that recognition holds for what the client really throws.
describe("toPanelError", () => {
  it("turns a 422 into field errors on the composer", () => {
    const error = new ValidationError({
      message: "Unprocessable Entity",
      status: 422,
      body: { detail: [{ loc: ["body", "prompt"], msg: "Prompt is empty: describe the scene", type: "custom" }] },
    });
    const panelError = toPanelError(error);
    expect(panelError.kind).toBe("validation");
    expect(panelError.fields.prompt).toBe("Prompt is empty: describe the scene");
    expect(panelError.message).toMatch(/refused these settings: Prompt is empty/);
  });

  it("words our proxy's rate limit with its own message and fal's with a retry hint", () => {
    const ours = toPanelError(new ApiError({ message: "Too Many Requests", status: 429, body: { error: "rate_limited", message: "Slow down: try again in 3 s." } }));
    expect(ours).toMatchObject({ kind: "rate_limit", message: "Slow down: try again in 3 s." });
    const theirs = toPanelError(new ApiError({ message: "Too Many Requests", status: 429, body: { detail: "busy" } }));
    expect(theirs.kind).toBe("rate_limit");
    expect(theirs.message).toMatch(/fal is busy.*\(busy\).*Retry in a few seconds/);
    expect(stopsBatch(theirs)).toBe(true);
  });

  it("tells auth, budget and upstream failures apart", () => {
    expect(toPanelError(new ApiError({ message: "Unauthorized", status: 401, body: { message: "bad key" } }))).toMatchObject({ kind: "auth", message: "Not authorized: bad key" });
    expect(toPanelError(new ApiError({ message: "Payment Required", status: 402, body: { message: "Daily cap reached" } }))).toMatchObject({ kind: "budget", message: "Daily cap reached" });
    const upstream = toPanelError(new ApiError({ message: "Bad Gateway", status: 502, body: undefined }));
    expect(upstream).toMatchObject({ kind: "upstream", message: "fal failed (HTTP 502). Try again in a moment." });
    expect(stopsBatch(upstream)).toBe(false);
  });

  it("does not mistake an ordinary error for an API error", () => {
    const plain = Object.assign(new Error("Reference image is missing from storage"), { status: 500 });
    expect(toPanelError(plain)).toMatchObject({ kind: "other", message: "Reference image is missing from storage" });
    expect(toPanelError(new TypeError("Failed to fetch")).kind).toBe("network");
  });
});

import { describe, expect, it } from "vitest";
import { faultKind } from "../support/fault-layer";

const ID = "0b3f1a9e-5c7d-4e2f-9a8b-1c2d3e4f5a6b";

describe("fault layer call kinds", () => {
  it("counts submit and run of the character, edit and remix endpoints as one kind each", () => {
    for (const path of ["character", "character/edit", "character/remix"]) {
      expect(faultKind("POST", `/queue.fal.run/fal-ai/ideogram/${path}`)).toEqual({ kind: "submit" });
      expect(faultKind("POST", `/fal.run/fal-ai/ideogram/${path}`)).toEqual({ kind: "run" });
    }
    expect(faultKind("GET", `/queue.fal.run/fal-ai/ideogram/requests/${ID}/status?logs=1`)).toEqual({ kind: "status", requestId: ID });
    expect(faultKind("PUT", `/queue.fal.run/fal-ai/ideogram/requests/${ID}/cancel`)).toEqual({ kind: "cancel", requestId: ID });
  });

  it("leaves other paths and methods to the engine", () => {
    for (const path of ["/queue.fal.run/fal-ai/ideogram/character/edit/x", "/fal.run/fal-ai/ideogram/v3/edit", "/rest.fal.ai/fal-ai/ideogram/character/remix"]) {
      expect(faultKind("POST", path)).toBeNull();
    }
    expect(faultKind("GET", "/queue.fal.run/fal-ai/ideogram/character/edit")).toBeNull();
  });
});

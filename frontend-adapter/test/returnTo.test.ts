import { describe, expect, it } from "vitest";
import { currentReturnTo, returnToFromState, safeReturnTo } from "../src/returnTo.js";

describe("return to the page the reader started from", () => {
  it("takes the current path, query and fragment", () => {
    expect(currentReturnTo({ pathname: "/docs/tokens", search: "?a=1", hash: "#expiry" }, "/auth/callback")).toBe("/docs/tokens?a=1#expiry");
  });

  it("never returns to the callback page", () => {
    expect(currentReturnTo({ pathname: "/auth/callback", search: "?code=x", hash: "" }, "/auth/callback")).toBe("/");
  });

  it.each([
    ["https://evil.example/", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    [42, "/"],
    ["/docs/profile", "/docs/profile"],
  ])("accepts only same-origin paths: %s", (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it("reads returnTo from the round-tripped state", () => {
    expect(returnToFromState({ returnTo: "/docs/sign-in" })).toBe("/docs/sign-in");
    expect(returnToFromState({ returnTo: "https://evil.example" })).toBe("/");
    expect(returnToFromState(undefined)).toBe("/");
    expect(returnToFromState("x")).toBe("/");
    // typeof null is "object", and `in` on null throws: Stryker's surviving mutant dropped the null check.
    expect(returnToFromState(null)).toBe("/");
  });
});

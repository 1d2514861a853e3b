import { describe, expect, it } from "vitest";
import { accountLabel, accountTitle, displayName, toDocsUser } from "../src/reader.js";

describe("toDocsUser", () => {
  it("keeps the standard and background claims of the contract", () => {
    const user = toDocsUser({
      sub: "u-1",
      email: "ada@example.org",
      email_verified: true,
      name: "Ada Reader",
      preferred_username: "ada@example.org",
      experience_level: "advanced",
      professional_role: "other",
      role_other: "Technical writer",
      organization: "Docs Inc.",
      acr: "1",
    });
    expect(user).toEqual({
      sub: "u-1",
      email: "ada@example.org",
      email_verified: true,
      name: "Ada Reader",
      preferred_username: "ada@example.org",
      experience_level: "advanced",
      professional_role: "other",
      role_other: "Technical writer",
      organization: "Docs Inc.",
    });
  });

  it("drops values outside the contract's sets, and role_other unless the role is other", () => {
    const user = toDocsUser({ sub: "u-1", experience_level: "guru", professional_role: "student", role_other: "stale", organization: "" });
    expect(user).toEqual({ sub: "u-1", professional_role: "student" });
  });

  it("refuses claims without a subject", () => {
    expect(() => toDocsUser({ email: "x@example.org" })).toThrow(/sub/);
  });
});

describe("displayName", () => {
  it("prefers the name, then the email, then the username, then the subject", () => {
    expect(displayName({ sub: "s", name: "N", email: "e@x" })).toBe("N");
    expect(displayName({ sub: "s", email: "e@x", preferred_username: "p" })).toBe("e@x");
    expect(displayName({ sub: "s", preferred_username: "p" })).toBe("p");
    expect(displayName({ sub: "s" })).toBe("s");
  });
});

describe("accountLabel and accountTitle", () => {
  it("label: the email first, else the display name; title: name and email when both are known", () => {
    expect(accountLabel({ sub: "s", name: "N", email: "e@x" })).toBe("e@x");
    expect(accountLabel({ sub: "s", name: "N" })).toBe("N");
    expect(accountTitle({ sub: "s", name: "N", email: "e@x" })).toBe("N (e@x)");
    expect(accountTitle({ sub: "s", email: "e@x" })).toBe("e@x");
  });
});

import { act, render, screen } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../src/AuthProvider.js";
import { AuthCallback } from "../src/components/AuthCallback.js";
import { config, FakeUserManager, goTo, ISSUER } from "./fakes.js";

// The callback page's way out of a refused sign-in, in a site whose home is not "/": a locale's build of the docs
// site (its home /fr/, the plugin's postLogoutPath). "Sign in again" and "Back to the home page" both go to that
// home, not to the English site at "/" (with "/", the default, Stryker's run of 2026-11-30 could not tell them apart).

let manager: FakeUserManager;

function FrenchSite({ children }: { children?: ReactNode }) {
  return createElement(AuthProvider, {
    config: { ...config, callbackPath: "/fr/auth/callback", postLogoutPath: "/fr/" },
    onSignedIn: vi.fn<(to: string) => void>(),
    userManagerFactory: () => manager,
  }, children);
}

beforeEach(() => {
  manager = new FakeUserManager();
  // A response with a state this tab never stored: refused, the error page shown.
  goTo(`/fr/auth/callback?${new URLSearchParams({ state: "never-stored", iss: ISSUER, code: "c" })}`);
});

describe("a refused sign-in on a locale's callback page", () => {
  it("links back to that locale's home page", async () => {
    render(<AuthCallback />, { wrapper: FrenchSite });
    await screen.findByRole("alert");
    expect(screen.getByRole("link", { name: "Back to the home page" }).getAttribute("href")).toBe("/fr/");
  });

  it("signs in again and comes back to that locale's home page", async () => {
    render(<AuthCallback />, { wrapper: FrenchSite });
    await screen.findByRole("alert");
    await act(async () => screen.getByRole("button", { name: "Sign in again" }).click());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ state: { returnTo: "/fr/" } });
  });
});

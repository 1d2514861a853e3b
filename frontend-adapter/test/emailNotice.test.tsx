import { act, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import { AuthProvider } from "../src/AuthProvider.js";
import { EmailVerificationNotice } from "../src/components/EmailVerificationNotice.js";
import { SESSION_HINT_KEY } from "../src/sessionHint.js";
import { useAuth } from "../src/useAuth.js";
import { config, FakeUserManager, goTo, session } from "./fakes.js";

let manager: FakeUserManager;

function withAuth(ui: ReactNode) {
  return render(
    <AuthProvider config={config} onSignedIn={() => undefined} userManagerFactory={() => manager}>
      {ui}
    </AuthProvider>,
  );
}

beforeEach(() => {
  manager = new FakeUserManager();
  goTo("/docs/tokens");
});

describe("EmailVerificationNotice", () => {
  it("tells a reader whose address is not verified, with their address, and resends the mail through Keycloak", async () => {
    manager.stored = session({ profile: { email: "ada@example.org", email_verified: false } });
    withAuth(<EmailVerificationNotice className="page" />);
    const notice = await screen.findByRole("status");
    expect(notice.className).toBe("docs-auth-email-notice page");
    expect(notice.textContent).toMatch(/ada@example\.org is not verified yet/);
    await act(async () => screen.getByRole("button", { name: "Send the verification mail again" }).click());
    expect(manager.signinRedirect).toHaveBeenCalledOnce();
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({
      extraQueryParams: { kc_action: "VERIFY_EMAIL" },
      state: { returnTo: "/docs/tokens" },
    });
  });

  it("offers to change a mistyped address (UPDATE_EMAIL)", async () => {
    manager.stored = session({ profile: { email_verified: false } });
    withAuth(<EmailVerificationNotice />);
    const change = await screen.findByRole("button", { name: "Change e-mail address" });
    await act(async () => change.click());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ extraQueryParams: { kc_action: "UPDATE_EMAIL" } });
  });

  it.each([
    ["verified", { email_verified: true }],
    ["without the claim", {}],
  ])("shows nothing to a reader %s", async (_, profile) => {
    manager.stored = session({ profile });
    const { container } = withAuth(<><EmailVerificationNotice /><Ready /></>);
    await screen.findByTestId("ready");
    expect(container.querySelector(".docs-auth-email-notice")).toBeNull();
  });

  it("shows nothing when signed out", async () => {
    const { container } = withAuth(<><EmailVerificationNotice /><Ready /></>);
    await screen.findByTestId("ready");
    expect(container.querySelector(".docs-auth-email-notice")).toBeNull();
  });
});

/** Renders once the session is known, so that "nothing shown" is checked after the notice could have shown. */
function Ready() {
  const { status } = useAuth();
  return status === "loading" ? null : <span data-testid="ready" />;
}

describe("verifyEmail and changeEmail", () => {
  it("go straight to Keycloak for a signed-in reader, without a silent sign-in first", async () => {
    manager.stored = session();
    window.localStorage.setItem(SESSION_HINT_KEY, "signed-in");
    let auth: ReturnType<typeof useAuth> | null = null;
    function Grab() {
      auth = useAuth();
      return <Ready />;
    }
    withAuth(<Grab />);
    await screen.findByTestId("ready");
    await act(async () => auth?.changeEmail({ returnTo: "/docs/profile" }));
    await act(async () => auth?.verifyEmail());
    expect(manager.signinSilent).not.toHaveBeenCalled();
    expect(manager.signinRedirect.mock.calls.map((c) => [c[0]?.extraQueryParams, c[0]?.state])).toEqual([
      [{ kc_action: "UPDATE_EMAIL" }, { returnTo: "/docs/profile" }],
      [{ kc_action: "VERIFY_EMAIL" }, { returnTo: "/docs/tokens" }],
    ]);
  });
});

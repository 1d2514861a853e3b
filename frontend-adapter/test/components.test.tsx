import { act, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import { AuthProvider } from "../src/AuthProvider.js";
import { AuthButton } from "../src/components/AuthButton.js";
import { AuthErrorNotice } from "../src/components/AuthErrorNotice.js";
import { EmailVerificationNotice } from "../src/components/EmailVerificationNotice.js";
import { ProtectedContent } from "../src/components/ProtectedContent.js";
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
  goTo("/docs/sign-in");
});

describe("AuthButton", () => {
  it("keeps an empty placeholder while the session is unknown", () => {
    manager.getUser.mockReturnValue(new Promise(() => undefined));
    const { container } = withAuth(<AuthButton />);
    const box = container.querySelector(".docs-auth-button");
    expect(box?.getAttribute("data-status")).toBe("loading");
    expect(box?.textContent).toBe("");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("signed out: offers Sign in and Sign up, each to its Keycloak page", async () => {
    withAuth(<AuthButton className="navbar__item" />);
    const signIn = await screen.findByRole("button", { name: "Sign in" });
    expect(screen.getByRole("button", { name: "Sign up" })).toBeTruthy();
    expect(signIn.parentElement?.className).toBe("docs-auth-button navbar__item");
    await act(async () => signIn.click());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ state: { returnTo: "/docs/sign-in" } });
    expect(manager.signinRedirect.mock.calls[0]?.[0].prompt).toBeUndefined();
    expect(screen.getByText("Redirecting…")).toBeTruthy();
  });

  it("Sign up opens the registration page", async () => {
    withAuth(<AuthButton />);
    const signUp = await screen.findByRole("button", { name: "Sign up" });
    await act(async () => signUp.click());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ prompt: "create" });
  });

  it("signed in: shows the reader's email (the name as its title) and Sign out", async () => {
    manager.stored = session({ profile: { name: "Ada Reader", email: "ada@example.org" } });
    withAuth(<AuthButton />);
    expect((await screen.findByText("ada@example.org")).getAttribute("title")).toBe("Ada Reader (ada@example.org)");
    expect(screen.queryByRole("button", { name: "Sign in" })).toBeNull();
    await act(async () => screen.getByRole("button", { name: "Sign out" }).click());
    expect(manager.signoutRedirect).toHaveBeenCalledOnce();
  });

  it("in Docusaurus's phone menu (mobile), a list item of its menu list; elsewhere no list item", async () => {
    manager.stored = session({ profile: { name: "Ada Reader", email: "ada@example.org" } });
    const { container } = withAuth(
      <ul className="menu__list">
        <AuthButton mobile />
      </ul>,
    );
    const signOut = await screen.findByRole("button", { name: "Sign out" });
    const item = container.querySelector("ul.menu__list > li");
    expect(item?.className).toBe("menu__list-item docs-auth-button__item");
    expect(item?.contains(signOut)).toBe(true);
    const desktop = withAuth(<AuthButton />);
    await waitFor(() => expect(desktop.container.querySelector(".docs-auth-button")?.getAttribute("data-status")).toBe("signed-in"));
    expect(desktop.container.querySelector("li")).toBeNull();
  });

  it("signed in without an email: shows the name", async () => {
    manager.stored = session({ profile: { name: "Ada Reader", email: undefined } });
    withAuth(<AuthButton />);
    expect((await screen.findByText("Ada Reader")).getAttribute("title")).toBe("Ada Reader");
  });
});

describe("ProtectedContent", () => {
  it("shows its children to signed-in readers only", async () => {
    manager.stored = session();
    withAuth(<ProtectedContent>members only</ProtectedContent>);
    expect(await screen.findByText("members only")).toBeTruthy();
  });

  it("shows a sign-in prompt to signed-out readers, never the children", async () => {
    withAuth(<ProtectedContent>members only</ProtectedContent>);
    const prompt = await screen.findByRole("region", { name: "Sign in required" });
    expect(prompt.textContent).toMatch(/for signed-in readers/);
    expect(screen.queryByText("members only")).toBeNull();
    await act(async () => screen.getByRole("button", { name: "Create an account" }).click());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ prompt: "create" });
  });

  it("prompt's Sign in starts the sign-in", async () => {
    withAuth(<ProtectedContent>members only</ProtectedContent>);
    const signIn = await screen.findByRole("button", { name: "Sign in" });
    await act(async () => signIn.click());
    expect(manager.signinRedirect).toHaveBeenCalledOnce();
  });

  it("uses a custom fallback and a loading view", async () => {
    let release: (s: null) => void = () => undefined;
    manager.getUser.mockReturnValueOnce(new Promise((resolve) => (release = resolve)));
    withAuth(
      <ProtectedContent fallback={<p>please sign in</p>} loading={<p>checking…</p>}>
        members only
      </ProtectedContent>,
    );
    expect(screen.getByText("checking…")).toBeTruthy();
    await act(async () => release(null));
    expect(await screen.findByText("please sign in")).toBeTruthy();
  });
});

describe("AuthErrorNotice", () => {
  it("shows nothing without an error, the error until dismissed otherwise", async () => {
    manager.stored = session({ expires_in: -1 });
    manager.renewResult = () => Promise.reject(new Error("expired"));
    const { container } = withAuth(<AuthErrorNotice className="alert" />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/session has ended/);
    expect(alert.className).toBe("docs-auth-error alert");
    await act(async () => screen.getByRole("button", { name: "Dismiss" }).click());
    await waitFor(() => expect(container.textContent).toBe(""));
  });
});

describe("EmailVerificationNotice", () => {
  beforeEach(() => goTo("/docs/tokens"));

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

  it("without an address in the token: the sentence without one, and no empty emphasis where it would be", async () => {
    manager.stored = session({ profile: { email: undefined, email_verified: false } });
    withAuth(<EmailVerificationNotice />);
    const notice = await screen.findByRole("status");
    expect(notice.querySelector("strong")).toBeNull();
    expect(notice.querySelector("p")?.textContent).toMatch(/^Your e-mail address {2}is not verified yet\./);
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
  beforeEach(() => goTo("/docs/tokens"));

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

describe("deleteAccount", () => {
  beforeEach(() => goTo("/account"));

  it("forgets the tokens here and tells the other tabs, then opens Keycloak's delete_account action", async () => {
    manager.stored = session();
    window.localStorage.setItem(SESSION_HINT_KEY, "signed-in");
    let auth: ReturnType<typeof useAuth> | null = null;
    function Grab() {
      auth = useAuth();
      return <Ready />;
    }
    withAuth(<Grab />);
    await screen.findByTestId("ready");
    expect(auth!.status).toBe("signed-in");
    await act(async () => auth?.deleteAccount());
    expect(manager.removeUser).toHaveBeenCalledTimes(1);
    expect(window.localStorage.getItem(SESSION_HINT_KEY)).toBeNull();
    expect(manager.signinRedirect.mock.calls.map((c) => [c[0]?.extraQueryParams, c[0]?.prompt, c[0]?.state])).toEqual([
      [{ kc_action: "delete_account" }, "login", { returnTo: "/account" }],
    ]);
    // the removal comes before the redirect: a reader back from the deletion finds no tokens here
    expect(manager.removeUser.mock.invocationCallOrder[0]).toBeLessThan(manager.signinRedirect.mock.invocationCallOrder[0]!);
  });
});

import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthProvider } from "../src/AuthProvider.js";
import { AuthCallback } from "../src/components/AuthCallback.js";
import { useAuth, useAuthFetch } from "../src/useAuth.js";
import { config, FakeUserManager, goTo, ISSUER, providerWrapper, session, type FakeSession } from "./fakes.js";

let manager: FakeUserManager;
let onSignedIn: ReturnType<typeof vi.fn<(to: string) => void>>;

const wrapper = providerWrapper(() => manager, () => onSignedIn);

function renderAuth() {
  return renderHook(() => useAuth(), { wrapper });
}

beforeEach(() => {
  manager = new FakeUserManager();
  onSignedIn = vi.fn<(to: string) => void>();
  goTo("/docs/tokens");
});

afterEach(() => {
  goTo("/");
});

describe("useAuth states", () => {
  it("is loading on the first render, then signed out without a stored session", async () => {
    const { result } = renderAuth();
    expect(result.current.status).toBe("loading");
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(result.current.user).toBeNull();
    expect(result.current.error).toBeNull();
    expect(result.current.config).toBe(config);
  });

  it("restores a stored session with the background claims", async () => {
    manager.stored = session({ profile: { experience_level: "advanced", professional_role: "other", role_other: "Writer", organization: "Docs Inc." } });
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    expect(result.current.user).toEqual({
      sub: "u-1",
      email: "ada@example.org",
      name: "Ada Reader",
      experience_level: "advanced",
      professional_role: "other",
      role_other: "Writer",
      organization: "Docs Inc.",
    });
  });

  it("renews an expired stored session before calling the reader signed in", async () => {
    manager.stored = session({ expires_in: -5 });
    manager.renewResult = async () => session({ access_token: "at-renewed", profile: { experience_level: "intermediate" } });
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    expect(manager.signinSilent).toHaveBeenCalledOnce();
    expect(result.current.user?.experience_level).toBe("intermediate");
  });

  it("shows a clear signed-out state when renewing an expired session fails", async () => {
    manager.stored = session({ expires_in: -5 });
    manager.renewResult = () => Promise.reject(new Error("invalid_grant"));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(result.current.error?.kind).toBe("session_expired");
    expect(manager.removeUser).toHaveBeenCalled();
  });

  it("renews once when the token is about to expire, sharing the renewal with an API call made meanwhile", async () => {
    manager.stored = session({ expires_in: 10 });
    let finish: (s: FakeSession) => void = () => undefined;
    manager.renewResult = () => new Promise((resolve) => (finish = resolve));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    // Realm docs rotates refresh tokens: a second refresh with the same token would be refused as stale.
    await act(async () => manager.expiring.emit());
    expect(manager.signinSilent).toHaveBeenCalledOnce();
    let token: Promise<string | null> = Promise.resolve(null);
    await act(async () => {
      token = result.current.getAccessToken();
    });
    await act(async () => finish(session({ access_token: "at-renewed" })));
    expect(await token).toBe("at-renewed");
    expect(manager.signinSilent).toHaveBeenCalledOnce();
    expect(result.current.status).toBe("signed-in");
  });

  it("signs out when background renewal fails", async () => {
    manager.stored = session();
    manager.renewResult = () => Promise.reject(new Error("invalid_grant"));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(async () => manager.expiring.emit());
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(result.current.error?.kind).toBe("session_expired");
    expect(manager.stored).toBeNull();
    act(() => result.current.dismissError());
    expect(result.current.error).toBeNull();
  });

  it("takes fresh claims from each renewal", async () => {
    manager.stored = session();
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.user?.experience_level).toBe("beginner"));
    await act(async () => manager.loaded.emit(session({ profile: { experience_level: "advanced" } })));
    expect(result.current.user?.experience_level).toBe("advanced");
  });

  it("throws outside the provider", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => renderHook(() => useAuth())).toThrow(/inside <AuthProvider>/);
  });

  it("reports a failure to read the stored session as signed out", async () => {
    manager.getUser.mockRejectedValueOnce(new Error("storage broken"));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(result.current.error?.kind).toBe("session_expired");
  });

  it("unsubscribes from the manager's events on unmount", async () => {
    const { unmount, result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(manager.loaded.size).toBe(1);
    unmount();
    expect(manager.loaded.size + manager.unloaded.size + manager.expiring.size).toBe(0);
  });
});

describe("redirects to Keycloak", () => {
  it("signIn starts the code flow and remembers the current page", async () => {
    goTo("/docs/tokens?x=1#expiry");
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    await act(() => result.current.signIn());
    const args = manager.signinRedirect.mock.calls[0]?.[0];
    expect(args?.state).toEqual({ returnTo: "/docs/tokens?x=1#expiry" });
    expect(args?.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(args?.prompt).toBeUndefined();
    expect(result.current.status).toBe("redirecting");
  });

  it("signUp goes straight to the registration page, editBackground to the profile action", async () => {
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    await act(() => result.current.signUp({ returnTo: "/docs/profile" }));
    await act(() => result.current.editBackground());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ prompt: "create", state: { returnTo: "/docs/profile" } });
    expect(manager.signinRedirect.mock.calls[1]?.[0]).toMatchObject({ extraQueryParams: { kc_action: "UPDATE_PROFILE" } });
  });

  it("shows an error and keeps the session when the redirect cannot start", async () => {
    manager.stored = session();
    manager.signinRedirect.mockRejectedValueOnce(new Error("discovery failed"));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(() => result.current.editBackground());
    expect(result.current.status).toBe("signed-in");
    expect(result.current.error?.kind).toBe("redirect_failed");
  });

  it("shows an error signed out when sign-in cannot start", async () => {
    manager.signinRedirect.mockRejectedValueOnce(new Error("discovery failed"));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    await act(() => result.current.signIn());
    expect(result.current).toMatchObject({ status: "signed-out", error: { kind: "redirect_failed" } });
  });

  it("signOut ends the Keycloak session through its logout endpoint", async () => {
    manager.stored = session();
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(() => result.current.signOut());
    expect(manager.signoutRedirect).toHaveBeenCalledOnce();
    expect(manager.stored).toBeNull();
  });

  it("forgets the tokens here even when Keycloak cannot be reached to sign out", async () => {
    manager.stored = session();
    manager.signoutRedirect.mockRejectedValueOnce(new Error("network"));
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(() => result.current.signOut());
    expect(result.current).toMatchObject({ status: "signed-out", error: { kind: "redirect_failed" } });
    expect(manager.stored).toBeNull();
  });

  it("clears the sign-out state Keycloak sends back to the post-logout page", async () => {
    const state = await manager.pendingSignIn("so-1");
    goTo(`/?state=${state}`);
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(manager.signoutCallback).toHaveBeenCalledWith(`http://localhost:3000/?state=${state}`);
    expect(window.location.search).toBe("");
  });

  it("leaves an unrelated state parameter alone", async () => {
    goTo("/?state=not-ours");
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(manager.signoutCallback).not.toHaveBeenCalled();
    expect(window.location.search).toBe("?state=not-ours");
  });
});

describe("the callback route", () => {
  async function arriveWith(params: Record<string, string>) {
    goTo(`/auth/callback?${new URLSearchParams(params).toString()}`);
  }

  it("exchanges the code once, even under StrictMode, then returns to the starting page", async () => {
    const state = await manager.pendingSignIn();
    await arriveWith({ state, iss: ISSUER, code: "c", session_state: "s" });
    // render(), not renderHook(): StrictMode's double effect run shows only for a component rendered inside it.
    function Status() {
      return <output>{useAuth().status}</output>;
    }
    render(
      <StrictMode>
        <AuthProvider config={config} onSignedIn={onSignedIn} userManagerFactory={() => manager}>
          <Status />
        </AuthProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("signed-in"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(manager.signinCallback).toHaveBeenCalledTimes(1);
    expect(onSignedIn).toHaveBeenCalledWith("/docs/tokens");
  });

  it("shows a visible error for a tampered state and never redeems the code", async () => {
    await manager.pendingSignIn("st-1");
    await arriveWith({ state: "st-tampered", iss: ISSUER, code: "c" });
    render(<AuthCallback />, { wrapper });
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.errorKind).toBe("state_mismatch");
    expect(alert.textContent).toMatch(/does not belong to a sign-in started in this browser tab/);
    expect(manager.signinCallback).not.toHaveBeenCalled();
    expect(onSignedIn).not.toHaveBeenCalled();
    // Code and state are gone from the address bar, so a reload does not replay them.
    expect(window.location.href).toBe("http://localhost:3000/auth/callback");
  });

  it("refuses a response whose iss is not the realm", async () => {
    const state = await manager.pendingSignIn();
    await arriveWith({ state, iss: "http://localhost:8080/realms/other", code: "c" });
    render(<AuthCallback />, { wrapper });
    expect((await screen.findByRole("alert")).dataset.errorKind).toBe("issuer_mismatch");
    expect(screen.getByRole("heading").textContent).toBe("Sign-in failed");
    expect(manager.signinCallback).not.toHaveBeenCalled();
  });

  it("keeps the session this tab already has when a replayed callback is refused", async () => {
    manager.stored = session();
    await arriveWith({ state: "already-used", iss: ISSUER, code: "c" });
    const { result } = renderHook(() => useAuth(), { wrapper });
    await waitFor(() => expect(result.current.error?.kind).toBe("state_mismatch"));
    expect(result.current.status).toBe("signed-in");
    expect(manager.signinCallback).not.toHaveBeenCalled();
  });

  it("offers to sign in again from the error", async () => {
    await arriveWith({ state: "nope", iss: ISSUER, code: "c" });
    render(<AuthCallback />, { wrapper });
    await screen.findByRole("alert");
    await act(async () => screen.getByRole("button", { name: "Sign in again" }).click());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ state: { returnTo: "/" } });
  });

  it("says it is signing in while the code is exchanged", async () => {
    const state = await manager.pendingSignIn();
    let finish: (s: ReturnType<typeof session>) => void = () => undefined;
    manager.callbackResult = () => new Promise((resolve) => (finish = resolve));
    await arriveWith({ state, iss: ISSUER, code: "c" });
    render(<AuthCallback />, { wrapper });
    expect(screen.getByText("Signing you in…")).toBeTruthy();
    await waitFor(() => expect(manager.signinCallback).toHaveBeenCalled());
    await act(async () => finish(session({ state: { returnTo: "https://evil.example/" } })));
    // A returnTo that is not a same-origin path is replaced by the home page.
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith("/"));
  });

  it("by default replaces the location when no navigation is given", async () => {
    const state = await manager.pendingSignIn();
    await arriveWith({ state, iss: ISSUER, code: "c" });
    const replace = vi.fn();
    const original = window.location;
    Object.defineProperty(window, "location", { configurable: true, value: { ...original, href: original.href, pathname: original.pathname, replace } });
    try {
      renderHook(() => useAuth(), { wrapper: ({ children }) => <AuthProvider config={config} userManagerFactory={() => manager}>{children}</AuthProvider> });
      await waitFor(() => expect(replace).toHaveBeenCalledWith("/docs/tokens"));
    } finally {
      Object.defineProperty(window, "location", { configurable: true, value: original });
    }
  });
});

describe("tokens", () => {
  it("getAccessToken returns the stored token while it is valid", async () => {
    manager.stored = session({ access_token: "at-1", expires_in: 200 });
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await expect(result.current.getAccessToken()).resolves.toBe("at-1");
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it("getAccessToken renews a token about to expire, once for parallel callers", async () => {
    manager.stored = session({ access_token: "at-1", expires_in: 10 });
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    const tokens = await act(() => Promise.all([result.current.getAccessToken(), result.current.getAccessToken()]));
    expect(tokens).toEqual(["at-renewed", "at-renewed"]);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
  });

  it("getAccessToken is null when signed out", async () => {
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    await expect(result.current.getAccessToken()).resolves.toBeNull();
  });

  it("a renewal that yields no session signs out", async () => {
    manager.stored = session();
    manager.renewResult = async () => null;
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await expect(act(() => result.current.renewAccessToken())).resolves.toBeNull();
    expect(result.current).toMatchObject({ status: "signed-out", error: { kind: "session_expired" } });
  });

  it("useAuthFetch retries a 401 once with the renewed token", async () => {
    manager.stored = session({ access_token: "at-1" });
    const seen: (string | null)[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
      seen.push(new Headers(init?.headers).get("Authorization"));
      return new Response(null, { status: seen.length === 1 ? 401 : 200 });
    });
    const { result } = renderHook(() => ({ auth: useAuth(), authFetch: useAuthFetch() }), { wrapper });
    await waitFor(() => expect(result.current.auth.status).toBe("signed-in"));
    const res = await act(() => result.current.authFetch("http://localhost:8000/api/me"));
    expect(res.status).toBe(200);
    expect(seen).toEqual(["Bearer at-1", "Bearer at-renewed"]);
  });
});

/**
 * Issue 17: the API refuses a token that still looks valid here as soon as Keycloak tells it (a Security Event
 * Token) that the session ended or the reader's claims changed. authFetch's one rule, renew once and retry once,
 * serves both: a renewal that fails signs the reader out; one that succeeds carries the new claims.
 */
describe("a token the API revoked before it expired", () => {
  /** The example API's answer to a revoked token (docs/contracts.md, Signals). */
  const revoked = () =>
    new Response(JSON.stringify({ detail: { error: "invalid_token", error_description: "The access token has been revoked" } }), {
      status: 401,
      headers: {
        "Content-Type": "application/json",
        "WWW-Authenticate": 'Bearer realm="docs", error="invalid_token", error_description="The access token has been revoked"',
      },
    });

  function api(...answers: (() => Response)[]) {
    const seen: (string | null)[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
      seen.push(new Headers(init?.headers).get("Authorization"));
      return (answers[seen.length - 1] ?? (() => new Response(null, { status: 500 })))();
    });
    return seen;
  }

  function renderWithFetch() {
    return renderHook(() => ({ auth: useAuth(), authFetch: useAuthFetch() }), { wrapper });
  }

  it("ends in the signed-out state when the session is gone (sign-out elsewhere, account disabled)", async () => {
    manager.stored = session({ access_token: "at-1", expires_in: 250 });
    manager.renewResult = () => Promise.reject(new Error("invalid_grant: Session not active"));
    const seen = api(revoked, () => new Response(null, { status: 200 }));
    const { result } = renderWithFetch();
    await waitFor(() => expect(result.current.auth.status).toBe("signed-in"));

    const res = await act(() => result.current.authFetch("http://localhost:8000/api/query", { method: "POST", body: "{}" }));

    expect(res.status).toBe(401);
    expect(seen).toEqual(["Bearer at-1"]); // no retry without a token
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
    expect(result.current.auth).toMatchObject({ status: "signed-out", user: null, error: { kind: "session_expired" } });
    expect(manager.stored).toBeNull(); // the tokens are gone from storage too
    await expect(result.current.auth.getAccessToken()).resolves.toBeNull();
  });

  it("renews silently and goes on with the new claims after a background or consent change", async () => {
    manager.stored = session({ access_token: "at-1", expires_in: 250, profile: { experience_level: "beginner" } });
    manager.renewResult = async () => session({ access_token: "at-renewed", profile: { experience_level: "advanced" } });
    const seen = api(revoked, () => Response.json({ experience_level: "advanced" }));
    const { result } = renderWithFetch();
    await waitFor(() => expect(result.current.auth.user?.experience_level).toBe("beginner"));

    const res = await act(() => result.current.authFetch("http://localhost:8000/api/query", { method: "POST", body: "{}" }));

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ experience_level: "advanced" });
    expect(seen).toEqual(["Bearer at-1", "Bearer at-renewed"]);
    expect(result.current.auth).toMatchObject({ status: "signed-in", error: null, user: { experience_level: "advanced" } });
  });
});

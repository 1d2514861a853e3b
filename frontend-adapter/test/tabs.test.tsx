import { act, render, renderHook, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AuthErrorNotice } from "../src/components/AuthErrorNotice.js";
import { SESSION_HINT_KEY, hasSessionHint, setSessionHint } from "../src/sessionHint.js";
import { useAuth } from "../src/useAuth.js";
import { FakeUserManager, goTo, ISSUER, providerWrapper, session, type FakeSession } from "./fakes.js";

// A reader with several tabs of the site (README "Several tabs"): one Keycloak session, tokens per tab, and a
// hint in local storage (no token) that a tab of this browser signed in.

let manager: FakeUserManager;
let onSignedIn: ReturnType<typeof vi.fn<(to: string) => void>>;

const wrapper = providerWrapper(() => manager, () => onSignedIn);

const renderAuth = () => renderHook(() => useAuth(), { wrapper });
/** Another tab changes the hint: the `storage` event only other tabs get. */
function otherTabSets(signedIn: boolean) {
  setSessionHint(window.localStorage, signedIn);
  window.dispatchEvent(new StorageEvent("storage", { key: SESSION_HINT_KEY, newValue: signedIn ? "signed-in" : null }));
}

/** A page with the notice and a "Sign up" button (as a stale tab shows it), once the tab is signed in. */
async function renderSignedInPage() {
  function Page() {
    const auth = useAuth();
    return (
      <>
        <span data-testid="status">{auth.status}</span>
        <button type="button" onClick={() => void auth.signUp()}>
          Sign up
        </button>
        <AuthErrorNotice />
      </>
    );
  }
  render(<Page />, { wrapper });
  await waitFor(() => expect(screen.getByTestId("status").textContent).toBe("signed-in"));
}

beforeEach(() => {
  manager = new FakeUserManager();
  onSignedIn = vi.fn<(to: string) => void>();
  goTo("/docs/intro");
});

describe("a new tab", () => {
  it("of a browser that signed in finds the Keycloak session silently and never shows signed out first", async () => {
    setSessionHint(window.localStorage, true);
    manager.keycloakSession = session();
    const seen: string[] = [];
    const { result } = renderHook(() => {
      const auth = useAuth();
      seen.push(auth.status);
      return auth;
    }, { wrapper });
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    expect(manager.signinSilent).toHaveBeenCalledOnce();
    expect(result.current.user?.email).toBe("ada@example.org");
    expect(seen).not.toContain("signed-out");
  });

  it("of a browser that never signed in is signed out at once, without asking Keycloak", async () => {
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it("whose Keycloak session has ended is signed out, and the hint goes", async () => {
    setSessionHint(window.localStorage, true);
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(result.current.error).toBeNull();
    expect(hasSessionHint(window.localStorage)).toBe(false);
  });

  it("hands the response of a silent sign-in to its tab when it runs in the hidden frame", async () => {
    const parent = vi.spyOn(window, "parent", "get").mockReturnValue({} as Window);
    // oidc-client-ts's silent callback posts the URL to the parent tab and loads no user in the frame.
    manager.signinCallback.mockImplementationOnce(async () => undefined as unknown as FakeSession);
    goTo(`/auth/callback?state=s&code=c&iss=${encodeURIComponent(ISSUER)}`);
    const { result } = renderAuth();
    await waitFor(() => expect(manager.signinCallback).toHaveBeenCalledWith(`http://localhost:3000/auth/callback?state=s&code=c&iss=${encodeURIComponent(ISSUER)}`));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.current.status).toBe("loading");
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(manager.signinSilent).not.toHaveBeenCalled();
    parent.mockRestore();
  });
});

describe("another tab", () => {
  it("signing in makes a signed-out tab look for the session", async () => {
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    manager.keycloakSession = session();
    await act(async () => otherTabSets(true));
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
  });

  it("signing out signs this tab out and forgets its tokens", async () => {
    manager.stored = session();
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(async () => otherTabSets(false));
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    expect(manager.removeUser).toHaveBeenCalled();
  });

  it("changing other keys is ignored", async () => {
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    await act(async () => window.dispatchEvent(new StorageEvent("storage", { key: "other", newValue: "signed-in" })));
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });
});

describe("Sign up and Sign in while Keycloak has a session", () => {
  it("Sign up goes on as the reader who is signed in, and says how to create another account", async () => {
    setSessionHint(window.localStorage, true);
    render(<AuthErrorNotice />, { wrapper });
    const { result } = renderHook(() => useAuth(), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    manager.keycloakSession = session();
    setSessionHint(window.localStorage, true);
    await act(() => result.current.signUp());
    expect(manager.signinRedirect).not.toHaveBeenCalled();
    expect(result.current).toMatchObject({ status: "signed-in", error: { kind: "already_signed_in" } });
  });

  it("the notice offers to sign out and create another account, which comes back to sign-up", async () => {
    manager.keycloakSession = session();
    setSessionHint(window.localStorage, true);
    await renderSignedInPage();
    await act(async () => screen.getByRole("button", { name: "Sign up" }).click());
    expect(screen.getByRole("alert").textContent).toContain("You are already signed in. To create another account, sign out first.");
    await act(async () => screen.getByRole("button", { name: "Sign out and create another account" }).click());
    expect(manager.signoutRedirect).toHaveBeenCalledWith({ state: { next: "sign-up" } });
    expect(hasSessionHint(window.localStorage)).toBe(false);
  });

  it("Continue as you are dismisses the notice", async () => {
    manager.keycloakSession = session();
    setSessionHint(window.localStorage, true);
    await renderSignedInPage();
    await act(async () => screen.getByRole("button", { name: "Sign up" }).click());
    await act(async () => screen.getByRole("button", { name: "Continue as you are" }).click());
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("back from that sign-out, the reader goes straight on to the registration page", async () => {
    const state = await manager.pendingSignIn("so-next");
    manager.signoutUserState = { next: "sign-up" };
    goTo(`/?state=${state}`);
    renderAuth();
    await waitFor(() => expect(manager.signinRedirect).toHaveBeenCalledOnce());
    expect(manager.signinRedirect.mock.calls[0]?.[0]).toMatchObject({ prompt: "create" });
  });

  it("Sign in signs in without a redirect when the session is there", async () => {
    setSessionHint(window.localStorage, true);
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    manager.keycloakSession = session();
    setSessionHint(window.localStorage, true);
    await act(() => result.current.signIn());
    expect(manager.signinRedirect).not.toHaveBeenCalled();
    expect(result.current.status).toBe("signed-in");
    expect(result.current.error).toBeNull();
  });

  it("Sign in redirects as usual when the hinted session has ended", async () => {
    setSessionHint(window.localStorage, true);
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
    setSessionHint(window.localStorage, true);
    await act(() => result.current.signIn());
    expect(manager.signinRedirect).toHaveBeenCalledOnce();
  });

  it("a sign-out records that no tab is signed in", async () => {
    manager.stored = session();
    setSessionHint(window.localStorage, true);
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(() => result.current.signOut());
    expect(window.localStorage.getItem(SESSION_HINT_KEY)).toBeNull();
  });
});

describe("a flow that ends in a tab that did not start it", () => {
  it("a response with a state this tab never stored leaves its code unused and finds the Keycloak session", async () => {
    manager.keycloakSession = session();
    goTo(`/auth/callback?state=from-another-tab&code=c&iss=${encodeURIComponent(ISSUER)}`);
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    expect(result.current.error).toBeNull();
    expect(manager.signinCallback).not.toHaveBeenCalled();
    expect(onSignedIn).toHaveBeenCalledWith("/");
    expect(hasSessionHint(window.localStorage)).toBe(true);
  });
});

describe("the hint", () => {
  it("counts storage that throws as no hint, and survives a refused write", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    } as unknown as Storage;
    expect(hasSessionHint(broken)).toBe(false);
    expect(() => setSessionHint(broken, true)).not.toThrow();
    expect(hasSessionHint(null)).toBe(false);
  });

  it("a cleared storage in another tab counts as signed out", async () => {
    manager.stored = session();
    const { result } = renderAuth();
    await waitFor(() => expect(result.current.status).toBe("signed-in"));
    await act(async () => window.dispatchEvent(new StorageEvent("storage", { key: null, newValue: null })));
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
  });
});

import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { hasSessionHint, setSessionHint } from "../src/sessionHint.js";
import { useAuth } from "../src/useAuth.js";
import { FakeUserManager, goTo, providerWrapper, session } from "./fakes.js";

// The access token over a session's life (AuthProvider): which token getAccessToken gives, what a renewal leaves
// behind, and oidc-client-ts's own sign-out event. What Stryker's run of 2026-11-30 showed no test pinned (each
// mutant put in by hand: every other test still passed).
//  - getAccessToken: the stored token while it has MORE than `minValiditySeconds` left (30 by default), else a
//    renewal; a token with no stated lifetime (`expires_in` undefined) as it is (`>` to `>=` survived);
//  - a failed renewal ends the session for the other tabs too (the hint set to signed out: `true` survived);
//  - a renewal after an earlier one ended asks Keycloak again (the one-flight promise is let go: an empty
//    `finally` survived, and every later renewal would have returned the first one's result);
//  - oidc-client-ts's userUnloaded (its session removed by the library itself) signs the tab out (ignored, survived).

let manager: FakeUserManager;
const wrapper = providerWrapper(() => manager, () => vi.fn<(to: string) => void>());

async function signedIn(stored = session()) {
  manager.stored = stored;
  const { result } = renderHook(() => useAuth(), { wrapper });
  await waitFor(() => expect(result.current.status).toBe("signed-in"));
  return result;
}

async function tokenWith(expiresIn: number | undefined) {
  const result = await signedIn(session({ access_token: "at-stored", expires_in: expiresIn }));
  return act(() => result.current.getAccessToken());
}

beforeEach(() => {
  manager = new FakeUserManager();
  window.localStorage.clear();
  goTo("/docs/tokens");
});

describe("the access token's remaining lifetime", () => {
  it("exactly the minimum left: renewed", async () => {
    await expect(tokenWith(30)).resolves.toBe("at-renewed");
    expect(manager.signinSilent).toHaveBeenCalledOnce();
  });

  it("one second more than the minimum: the stored token", async () => {
    await expect(tokenWith(31)).resolves.toBe("at-stored");
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });

  it("no stated lifetime: the stored token, as it is", async () => {
    await expect(tokenWith(undefined)).resolves.toBe("at-stored");
    expect(manager.signinSilent).not.toHaveBeenCalled();
  });
});

describe("a renewal", () => {
  it("that fails tells the other tabs the session has ended", async () => {
    setSessionHint(window.localStorage, true);
    const result = await signedIn();
    manager.renewResult = async () => {
      throw new Error("invalid_grant");
    };
    await expect(act(() => result.current.renewAccessToken())).resolves.toBeNull();
    expect(result.current.status).toBe("signed-out");
    expect(hasSessionHint(window.localStorage)).toBe(false);
  });

  it("after an earlier one ended asks Keycloak again", async () => {
    const result = await signedIn();
    let n = 0;
    manager.renewResult = async () => session({ access_token: `at-${++n}` });
    await expect(act(() => result.current.renewAccessToken())).resolves.toBe("at-1");
    await expect(act(() => result.current.renewAccessToken())).resolves.toBe("at-2");
    expect(manager.signinSilent).toHaveBeenCalledTimes(2);
  });
});

describe("oidc-client-ts's events", () => {
  it("userUnloaded signs the tab out", async () => {
    const result = await signedIn();
    act(() => manager.unloaded.emit());
    await waitFor(() => expect(result.current.status).toBe("signed-out"));
  });
});

import { act, renderHook, waitFor } from "@testing-library/react";
import { DPoPState, IndexedDbDPoPStore, InMemoryWebStorage } from "oidc-client-ts";
import { describe, expect, it, vi } from "vitest";
import {
  ACCOUNT_SCOPE,
  MemoryDPoPStore,
  accountManagerSettings,
  createAccountTokens,
  userManagerSettings,
  useAccountFetch,
  useAuth,
} from "../src/index.js";
import { config, FakeUserManager, providerWrapper, session } from "./fakes.js";

const ORIGIN = "http://localhost:3000";

describe("the Account page's settings", () => {
  it("ask for the site's client with scope openid docs-account, tokens and DPoP key in memory, the state where the callback frame reads it", async () => {
    const storage = new InMemoryWebStorage();
    const settings = accountManagerSettings(config, ORIGIN, storage);
    const site = userManagerSettings(config, ORIGIN, storage);
    expect(ACCOUNT_SCOPE).toBe("docs-account");
    expect(settings.scope).toBe("openid docs-account");
    expect(settings.client_id).toBe("docs-site");
    expect(settings.silent_redirect_uri).toBe(`${ORIGIN}/auth/callback`);
    expect(settings.dpop?.store).toBeInstanceOf(MemoryDPoPStore);
    expect(settings.dpop?.store).not.toBeInstanceOf(IndexedDbDPoPStore);

    // The pending request under the site's prefix, in the tab's storage: the callback frame's provider finds it.
    await settings.stateStore?.set("st-9", "pending");
    expect(await site.stateStore?.get("st-9")).toBe("pending");
    // The tokens in memory only: nothing of them in the tab's storage, nor where the site's tokens are.
    await settings.userStore?.set("user:docs-site", "account-page-token");
    expect(storage.length).toBe(1);
    expect((await site.userStore?.get("user:docs-site")) ?? null).toBeNull();
  });
});

describe("MemoryDPoPStore", () => {
  it("keeps key pairs by client id, answers undefined for one it does not hold, and forgets on remove", async () => {
    const store = new MemoryDPoPStore();
    const state = new DPoPState({} as CryptoKeyPair);
    expect(await store.get("docs-site")).toBeUndefined();
    await store.set("docs-site", state);
    expect(await store.getAllKeys()).toEqual(["docs-site"]);
    expect(await store.get("docs-site")).toBe(state);
    expect(await store.remove("docs-site")).toBe(state);
    expect(await store.getAllKeys()).toEqual([]);
    expect(await store.remove("docs-site")).toBeUndefined();
  });
});

describe("createAccountTokens", () => {
  it("asks silently for a token when it has none, then keeps it while it is valid", async () => {
    const manager = new FakeUserManager();
    manager.keycloakSession = session({ access_token: "account-1" });
    const tokens = createAccountTokens(() => manager);
    expect(await tokens.getAccessToken()).toBe("account-1");
    expect(await tokens.getAccessToken()).toBe("account-1");
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
  });

  it("renews a token that has under the minimum left; parallel callers share the request", async () => {
    const manager = new FakeUserManager();
    manager.stored = session({ access_token: "account-old", expires_in: 10 });
    manager.renewResult = async () => session({ access_token: "account-new" });
    const tokens = createAccountTokens(() => manager, 30);
    expect(await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()])).toEqual(["account-new", "account-new"]);
    expect(manager.signinSilent).toHaveBeenCalledTimes(1);
  });

  it("uses a token that states no lifetime as it is, and renews one with exactly the minimum left", async () => {
    const manager = new FakeUserManager();
    manager.stored = session({ access_token: "account-ageless", expires_in: undefined });
    expect(await createAccountTokens(() => manager, 30).getAccessToken()).toBe("account-ageless");
    expect(manager.signinSilent).not.toHaveBeenCalled();

    manager.stored = session({ access_token: "account-at-the-minimum", expires_in: 30 });
    manager.renewResult = async () => session({ access_token: "account-renewed" });
    expect(await createAccountTokens(() => manager, 30).getAccessToken()).toBe("account-renewed");
  });

  it("asks again after a renewal has ended, rather than answering the old one", async () => {
    const manager = new FakeUserManager();
    manager.stored = session({ access_token: "account-old", expires_in: 10 });
    let n = 0;
    manager.renewResult = async () => session({ access_token: `account-${++n}`, expires_in: 10 });
    const tokens = createAccountTokens(() => manager, 30);
    expect(await tokens.renewAccessToken()).toBe("account-1");
    expect(await tokens.renewAccessToken()).toBe("account-2");
    expect(manager.signinSilent).toHaveBeenCalledTimes(2);
  });

  it("gives null when the silent request ends with no session", async () => {
    const manager = new FakeUserManager();
    manager.signinSilent.mockImplementationOnce(async () => null);
    expect(await createAccountTokens(() => manager).getAccessToken()).toBeNull();
  });

  it("gives null when Keycloak gives no token (no session, a frame without Keycloak's cookies)", async () => {
    const manager = new FakeUserManager();
    const tokens = createAccountTokens(() => manager);
    expect(await tokens.getAccessToken()).toBeNull();
    expect(await tokens.renewAccessToken()).toBeNull();
  });
});

describe("useAccountFetch", () => {
  function setUp() {
    const site = new FakeUserManager();
    site.stored = session({ access_token: "site-token" });
    const account = new FakeUserManager();
    account.keycloakSession = session({ access_token: "account-token" });
    const fetchImpl = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("{}", { status: 200 }));
    // One factory for every render, as a page's import is: a new one each render would make a new fetch each time.
    const factory = () => account;
    const hook = renderHook(() => ({ accountFetch: useAccountFetch(factory), auth: useAuth() }), {
      wrapper: providerWrapper(() => site, () => () => undefined),
    });
    return { site, account, fetchImpl, hook };
  }

  it("sends the Account page's token, never the site's, and drops it when the page goes", async () => {
    const { account, fetchImpl, hook } = setUp();
    await waitFor(() => expect(hook.result.current.auth.status).toBe("signed-in"));
    await hook.result.current.accountFetch("http://localhost:8080/realms/docs/account/");
    const sent = new Headers(fetchImpl.mock.calls[0]?.[1]?.headers);
    expect(sent.get("Authorization")).toBe("Bearer account-token");
    hook.unmount();
    await waitFor(() => expect(account.removeUser).toHaveBeenCalled());
    expect(account.stored).toBeNull();
    fetchImpl.mockRestore();
  });

  it("keeps the token while the reader stays signed in, and drops it when the reader signs out", async () => {
    const { account, fetchImpl, hook } = setUp();
    await waitFor(() => expect(hook.result.current.auth.status).toBe("signed-in"));
    const before = hook.result.current.accountFetch;
    await before("http://localhost:8080/realms/docs/account/");
    expect(account.stored).not.toBeNull();
    hook.rerender();
    expect(hook.result.current.accountFetch).toBe(before);
    expect(account.removeUser).not.toHaveBeenCalled();
    await act(() => hook.result.current.auth.signOut());
    await waitFor(() => expect(account.stored).toBeNull());
    fetchImpl.mockRestore();
  });
});

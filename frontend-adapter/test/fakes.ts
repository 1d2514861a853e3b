import { InMemoryWebStorage, WebStorageStateStore } from "oidc-client-ts";
import { createElement, type ReactNode } from "react";
import { vi } from "vitest";
import { AuthProvider } from "../src/AuthProvider.js";
import type { SigninRedirectArgs } from "oidc-client-ts";
import type { AuthConfig } from "../src/config.js";
import type { SessionUser, UserManagerLike } from "../src/userManager.js";

export const config: AuthConfig = { keycloakUrl: "http://localhost:8080", realm: "docs", clientId: "docs-site", apiUrl: "http://localhost:8000" };
export const ISSUER = "http://localhost:8080/realms/docs";

export interface FakeSession extends SessionUser {
  profile: Record<string, unknown>;
}

export function session(overrides: Partial<{ profile: Record<string, unknown>; access_token: string; expires_in: number | undefined; state: unknown }> = {}): FakeSession {
  return {
    profile: { sub: "u-1", email: "ada@example.org", name: "Ada Reader", experience_level: "beginner", professional_role: "student", ...overrides.profile },
    access_token: overrides.access_token ?? "at-1",
    expires_in: "expires_in" in overrides ? overrides.expires_in : 300,
    state: overrides.state,
  };
}

type Listener<T extends unknown[]> = (...args: T) => void;

function listeners<T extends unknown[]>() {
  const set = new Set<Listener<T>>();
  return {
    add: (cb: Listener<T>) => {
      set.add(cb);
      return () => void set.delete(cb);
    },
    emit: (...args: T) => set.forEach((cb) => cb(...args)),
    get size() {
      return set.size;
    },
  };
}

/**
 * Plays oidc-client-ts's `UserManager` at the seam the adapter uses: a stored session, the same events, and
 * the state store (a real `WebStorageStateStore` over memory), with every call recorded.
 */
export class FakeUserManager implements UserManagerLike {
  readonly settings = { stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage(), prefix: "test." }) };
  stored: FakeSession | null = null;
  /** What the next code exchange returns (or throws). */
  callbackResult: () => Promise<FakeSession> = async () => session({ state: { returnTo: "/docs/tokens" } });
  /** What the next renewal of a stored session (with its refresh token) returns (or throws). */
  renewResult: () => Promise<FakeSession | null> = async () => session({ access_token: "at-renewed" });

  readonly loaded = listeners<[SessionUser]>();
  readonly unloaded = listeners<[]>();
  readonly expiring = listeners<[]>();
  readonly events = {
    addUserLoaded: (cb: (u: SessionUser) => void) => this.loaded.add(cb),
    addUserUnloaded: (cb: () => void) => this.unloaded.add(cb),
    addAccessTokenExpiring: (cb: () => void) => this.expiring.add(cb),
  };

  getUser = vi.fn(async () => this.stored);
  signinRedirect = vi.fn(async (_args: SigninRedirectArgs) => undefined);
  signinCallback = vi.fn(async (_url: string) => {
    const s = await this.callbackResult();
    this.stored = s;
    this.loaded.emit(s);
    return s;
  });
  /**
   * The Keycloak session a tab without tokens finds with `prompt=none` (a new tab, a silent check before
   * sign-up); `null`: Keycloak answers `login_required`.
   */
  keycloakSession: FakeSession | null = null;
  signinSilent = vi.fn(async () => {
    if (this.stored === null) {
      if (this.keycloakSession === null) throw new Error("login_required");
      this.stored = this.keycloakSession;
      this.loaded.emit(this.stored);
      return this.stored;
    }
    const s = await this.renewResult();
    this.stored = s;
    if (s !== null) this.loaded.emit(s);
    return s;
  });
  signoutRedirect = vi.fn(async () => {
    await this.removeUser();
  });
  /** What Keycloak's way back from sign-out carries (`userState`). */
  signoutUserState: unknown = undefined;
  signoutCallback = vi.fn(async (_url: string): Promise<{ userState?: unknown } | undefined> => ({ userState: this.signoutUserState }));
  removeUser = vi.fn(async () => {
    this.stored = null;
    this.unloaded.emit();
  });

  /** Stores a pending sign-in as oidc-client-ts would before redirecting; returns its state id. */
  async pendingSignIn(id = "st-1"): Promise<string> {
    await this.settings.stateStore.set(id, JSON.stringify({ id, created: Date.now() / 1000, request_type: "si:r" }));
    return id;
  }
}

/** Puts the jsdom window at a path of the site (same origin as the test page). */
export function goTo(pathAndQuery: string): void {
  window.history.replaceState(null, "", pathAndQuery);
}

/**
 * A Testing Library wrapper: the provider with the test's current fake manager and `onSignedIn` (read at render
 * time, so a test may replace them in `beforeEach`).
 */
export function providerWrapper(manager: () => UserManagerLike, onSignedIn: () => (to: string) => void) {
  return function Wrapper({ children }: { children?: ReactNode }) {
    return createElement(AuthProvider, { config, onSignedIn: onSignedIn(), userManagerFactory: manager }, children);
  };
}

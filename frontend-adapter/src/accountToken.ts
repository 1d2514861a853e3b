import { InMemoryWebStorage, UserManager, WebStorageStateStore, type DPoPState, type UserManagerSettings } from "oidc-client-ts";
import { useEffect, useMemo, useRef } from "react";
import { createAuthFetch, type AuthFetch, type TokenSource } from "./authFetch.js";
import type { AuthConfig } from "./config.js";
import { useAuth } from "./useAuth.js";
import { userManagerSettings, type DPoPStore, type UserManagerLike } from "./userManager.js";

/**
 * The Account page's own token (issue 18; docs/contracts.md, "Data rights"). The site's tokens are for the chatbot
 * API alone (audience `rag-api`, security finding 6), since that API receives them; Keycloak's account API and the
 * reader's export (`data-export/me`) refuse them. The Account page asks Keycloak, in a request of its own, for the
 * docs-site client's optional scope `docs-account`, whose token has audiences `account` and `docs-data-export` and
 * the account roles `view-profile` and `manage-account`; it keeps that token in memory, for the page alone, and
 * sends it to Keycloak only, never to the chatbot API.
 */

/** The docs-site client's optional scope that only the Account page asks for. */
export const ACCOUNT_SCOPE = "docs-account";

/**
 * DPoP key pairs in memory (oidc-client-ts's `DPoPStore`): the Account page's token requests prove a key of their
 * own, gone with the page. Never the site's store: oidc-client-ts removes a client's key from its store with the
 * user, and both use the same client id.
 */
export class MemoryDPoPStore implements DPoPStore {
  private readonly keys = new Map<string, DPoPState>();

  set(key: string, value: DPoPState): Promise<void> {
    this.keys.set(key, value);
    return Promise.resolve();
  }

  /** As oidc-client-ts's `IndexedDbDPoPStore`: `undefined` for a key it does not hold (its type says otherwise). */
  get(key: string): Promise<DPoPState> {
    return Promise.resolve(this.keys.get(key) as DPoPState);
  }

  remove(key: string): Promise<DPoPState> {
    const value = this.keys.get(key);
    this.keys.delete(key);
    return Promise.resolve(value as DPoPState);
  }

  getAllKeys(): Promise<string[]> {
    return Promise.resolve([...this.keys.keys()]);
  }
}

/**
 * The site's settings (`userManagerSettings`) but the scope `openid docs-account`, the tokens in memory and a DPoP
 * key of its own in memory. The pending request's state stays in the tab's session storage under the site's prefix:
 * the silent request's answer lands in a hidden frame on the callback page, whose provider reads it there to hand
 * it to this page (startup.ts).
 */
export function accountManagerSettings(config: AuthConfig, origin: string, storage: Storage): UserManagerSettings {
  return {
    ...userManagerSettings(config, origin, storage, new MemoryDPoPStore()),
    scope: `openid ${ACCOUNT_SCOPE}`,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  };
}

export type AccountManagerFactory = (config: AuthConfig, origin: string, storage: Storage) => Pick<UserManagerLike, "getUser" | "signinSilent" | "removeUser">;

export const createAccountManager: AccountManagerFactory = (config, origin, storage) =>
  new UserManager(accountManagerSettings(config, origin, storage));

/**
 * The Account page's token source: the token in memory while it has more than `minValiditySeconds` left, else a new
 * one asked for silently (`prompt=none` in a hidden frame with the browser's Keycloak session, or the page's own
 * refresh token); `null` when Keycloak gives none (no session, or a browser that blocks Keycloak's cookies in a
 * frame: README, "Several tabs"). Parallel callers share one request.
 */
export function createAccountTokens(manager: () => Pick<UserManagerLike, "getUser" | "signinSilent">, minValiditySeconds = 30): TokenSource {
  let renewing: Promise<string | null> | null = null;
  const renewAccessToken = (): Promise<string | null> => {
    renewing ??= manager()
      .signinSilent()
      .then((session) => session?.access_token ?? null, () => null)
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };
  return {
    async getAccessToken() {
      const session = await manager().getUser();
      if (session !== null && (session.expires_in === undefined || session.expires_in > minValiditySeconds)) return session.access_token;
      return renewAccessToken();
    },
    renewAccessToken,
  };
}

/**
 * A `fetch` with the Account page's own token (`Authorization: Bearer`, one renewal and retry on a 401, as
 * `authFetch`), for Keycloak's account API and the export's Keycloak part only. The token lives in memory while
 * the calling component is mounted and the reader signed in; it is dropped on unmount and at sign-out.
 * `factory` (tests pass their own) must be the same function on every render: a new one makes a new `fetch` and
 * drops the token each time.
 */
export function useAccountFetch(factory: AccountManagerFactory = createAccountManager, minValiditySeconds = 30): AuthFetch {
  const { config, status } = useAuth();
  const managerRef = useRef<ReturnType<AccountManagerFactory> | null>(null);
  const accountFetch = useMemo(() => {
    const manager = () => (managerRef.current ??= factory(config, window.location.origin, window.sessionStorage));
    return createAuthFetch(createAccountTokens(manager, minValiditySeconds));
  }, [config, factory, minValiditySeconds]);
  useEffect(() => {
    if (status === "signed-in") return undefined;
    void managerRef.current?.removeUser().catch(() => undefined);
    return undefined;
  }, [status]);
  useEffect(
    () => () => {
      void managerRef.current?.removeUser().catch(() => undefined);
      managerRef.current = null;
    },
    [accountFetch],
  );
  return accountFetch;
}

import {
  IndexedDbDPoPStore,
  UserManager,
  WebStorageStateStore,
  type SigninRedirectArgs,
  type SignoutRedirectArgs,
  type StateStore,
  type UserManagerSettings,
} from "oidc-client-ts";
import { DEFAULT_POST_LOGOUT_PATH, DEFAULT_SCOPE, callbackPathOf, issuerOf, type AuthConfig } from "./config.js";

/** The parts of oidc-client-ts's `User` the adapter reads. */
export interface SessionUser {
  readonly profile: object;
  readonly access_token: string;
  /** Seconds until the access token expires; `undefined` when the server gave no lifetime. */
  readonly expires_in: number | undefined;
  /** The custom state round-tripped through the sign-in (our `returnTo`). */
  readonly state: unknown;
}

/**
 * The parts of oidc-client-ts's `UserManager` the adapter uses: the seam where tests put a fake, and the
 * whole surface the adapter depends on.
 */
export interface UserManagerLike {
  readonly settings: { readonly stateStore: StateStore };
  readonly events: {
    addUserLoaded(cb: (user: SessionUser) => void): () => void;
    addUserUnloaded(cb: () => void): () => void;
    /** Raised shortly before the access token expires (`accessTokenExpiringNotificationTimeInSeconds`). */
    addAccessTokenExpiring(cb: () => void): () => void;
  };
  getUser(): Promise<SessionUser | null>;
  signinRedirect(args: SigninRedirectArgs): Promise<void>;
  signinCallback(url: string): Promise<SessionUser | undefined>;
  signinSilent(): Promise<SessionUser | null>;
  signoutRedirect(args?: SignoutRedirectArgs): Promise<void>;
  signoutCallback(url: string): Promise<{ readonly userState?: unknown } | undefined>;
  removeUser(): Promise<void>;
}

export type UserManagerFactory = (config: AuthConfig, origin: string, storage: Storage) => UserManagerLike;

/** Where the DPoP key pair lives: oidc-client-ts's `DPoPStore` (its `IndexedDbDPoPStore` by default). */
export type DPoPStore = NonNullable<UserManagerSettings["dpop"]>["store"];

/**
 * Settings for oidc-client-ts. Tokens and the in-flight sign-in state (PKCE verifier, nonce) live in
 * session storage: per tab, gone when the tab closes, never shared with other tabs; see README "Tokens".
 * Every token request carries a DPoP proof (RFC 9449) made with a key pair kept in `dpopStore` (IndexedDB by
 * default: a non-extractable WebCrypto key of this browser, one for the site's tabs); Keycloak binds the
 * refresh token to it, so a copied refresh token is useless elsewhere; see README "DPoP".
 */
export function userManagerSettings(
  config: AuthConfig,
  origin: string,
  storage: Storage,
  dpopStore: DPoPStore = new IndexedDbDPoPStore(),
): UserManagerSettings {
  return {
    authority: issuerOf(config),
    client_id: config.clientId,
    redirect_uri: origin + callbackPathOf(config),
    post_logout_redirect_uri: origin + (config.postLogoutPath ?? DEFAULT_POST_LOGOUT_PATH),
    // A new tab asks Keycloak for its session in a hidden frame (prompt=none) that loads the callback page,
    // where the provider hands the response to the tab (startup.ts); see README "Several tabs".
    silent_redirect_uri: origin + callbackPathOf(config),
    silentRequestTimeoutInSeconds: 5,
    response_type: "code",
    // Our checks of `state` and `iss` read the query string, so the response must come there.
    response_mode: "query",
    scope: config.scope ?? DEFAULT_SCOPE,
    // OpenID Connect Core 3.1.2.1: Keycloak's pages in the site's language (sign-in, sign-up, the actions).
    ui_locales: config.uiLocales,
    userStore: new WebStorageStateStore({ store: storage, prefix: "docs-auth.user." }),
    // The library's default for the sign-in state is local storage; keep it in the tab like the tokens.
    stateStore: new WebStorageStateStore({ store: storage, prefix: "docs-auth.state." }),
    // Renew with the refresh token a minute before the access token (5 min in realm `docs`) expires, through
    // the provider's one renewal at a time (AuthProvider), not the library's own timer: realm `docs` rotates
    // refresh tokens, so a second refresh with the token the first has just used would be refused as stale.
    automaticSilentRenew: false,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    // The background claims are in the ID token already; no userinfo round trip.
    loadUserInfo: false,
    // Session monitoring needs a third-party iframe; a sign-out elsewhere shows at the next renewal instead.
    monitorSession: false,
    validateSubOnSilentRenew: true,
    // An abandoned sign-in (reader closed Keycloak's page) leaves a state entry; drop those after 15 min.
    staleStateAgeInSeconds: 900,
    // Realm `docs` refuses a public client's token request without a DPoP proof (client policy
    // docs-dpop-for-public-clients). The authorization code is not bound (dpop_jkt): PKCE protects it.
    dpop: { store: dpopStore, bind_authorization_code: false },
  };
}

export const createUserManager: UserManagerFactory = (config, origin, storage) =>
  new UserManager(userManagerSettings(config, origin, storage));

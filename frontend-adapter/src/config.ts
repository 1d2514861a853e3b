/** Where the site's Keycloak realm is and who the site is to it. */
export interface AuthConfig {
  /** Keycloak's base URL, e.g. `http://localhost:8080`. */
  keycloakUrl: string;
  /** Realm name, e.g. `docs`. */
  realm: string;
  /** Public client of the site, e.g. `docs-site`. */
  clientId: string;
  /** Path of the redirect URI on the site's origin; default `/auth/callback`. */
  callbackPath?: string;
  /** Path Keycloak sends the reader back to after sign-out; default `/`. */
  postLogoutPath?: string;
  /** Scopes to ask for; default `openid profile email` (the client's default scopes add `background`). */
  scope?: string;
  /**
   * The reader's language for Keycloak's pages: OpenID Connect's `ui_locales` (space-separated BCP 47 tags, most
   * preferred first), sent with every authorization request; Keycloak shows its pages in the first it supports.
   * Default none (Keycloak goes by the browser's languages). The Docusaurus plugin sets the site's current locale.
   */
  uiLocales?: string;
  /** Chatbot API base URL, e.g. `http://localhost:8000`; not used by the adapter itself, passed on to the site. */
  apiUrl?: string;
}

export const DEFAULT_CALLBACK_PATH = "/auth/callback";
export const DEFAULT_POST_LOGOUT_PATH = "/";
export const DEFAULT_SCOPE = "openid profile email";

/** The realm's issuer: what Keycloak puts in `iss` of tokens and of the authorization response. */
export function issuerOf(config: Pick<AuthConfig, "keycloakUrl" | "realm">): string {
  return `${config.keycloakUrl.replace(/\/+$/, "")}/realms/${encodeURIComponent(config.realm)}`;
}

export function callbackPathOf(config: AuthConfig): string {
  return config.callbackPath ?? DEFAULT_CALLBACK_PATH;
}

/** Throws on a configuration that cannot work, so that a site fails at start rather than at sign-in. */
export function assertValidConfig(config: AuthConfig): void {
  for (const key of ["keycloakUrl", "realm", "clientId"] as const) {
    const value: unknown = config[key];
    if (typeof value !== "string" || value.trim() === "") {
      throw new TypeError(`docs-auth-react: "${key}" must be a non-empty string`);
    }
  }
  if (!/^https?:\/\//.test(config.keycloakUrl)) {
    throw new TypeError(`docs-auth-react: "keycloakUrl" must be an http(s) URL, got "${config.keycloakUrl}"`);
  }
  for (const key of ["callbackPath", "postLogoutPath"] as const) {
    const value = config[key];
    if (value !== undefined && !value.startsWith("/")) {
      throw new TypeError(`docs-auth-react: "${key}" must be a path starting with "/"`);
    }
  }
}

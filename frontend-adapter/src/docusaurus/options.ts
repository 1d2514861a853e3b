import { assertValidConfig, DEFAULT_CALLBACK_PATH, type AuthConfig } from "../config.js";

export const PLUGIN_NAME = "docs-auth-react";

/**
 * Options of the Docusaurus plugin: the `AuthConfig` fields, with paths relative to the site's `baseUrl`.
 * A mapped type, not the interface itself, so that it fits Docusaurus's `PluginConfig` (an index signature).
 */
export type DocsAuthPluginOptions = { [K in keyof AuthConfig]: AuthConfig[K] };

/** Prefixes the site's `baseUrl`, so a site served under `/docs/` gets `/docs/auth/callback`. */
function underBase(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, "") + path;
}

/** Checks the options once, when Docusaurus loads the plugin: a wrong config fails the build, not a sign-in. */
export function normaliseOptions(options: Partial<DocsAuthPluginOptions>, baseUrl = "/"): AuthConfig {
  const config = { ...options } as AuthConfig;
  assertValidConfig(config);
  const normalised: AuthConfig = {
    keycloakUrl: config.keycloakUrl.replace(/\/+$/, ""),
    realm: config.realm,
    clientId: config.clientId,
    callbackPath: underBase(baseUrl, config.callbackPath ?? DEFAULT_CALLBACK_PATH),
    postLogoutPath: underBase(baseUrl, config.postLogoutPath ?? "/"),
  };
  if (config.scope !== undefined) normalised.scope = config.scope;
  if (config.uiLocales !== undefined) normalised.uiLocales = config.uiLocales;
  if (config.apiUrl !== undefined) normalised.apiUrl = config.apiUrl.replace(/\/+$/, "");
  return normalised;
}

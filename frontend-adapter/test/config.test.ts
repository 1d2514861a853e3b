import { InMemoryWebStorage, UserManager } from "oidc-client-ts";
import { describe, expect, it } from "vitest";
import { assertValidConfig, issuerOf } from "../src/config.js";
import { AuthError, describeAuthError, type AuthErrorKind } from "../src/errors.js";
import { createUserManager, userManagerSettings } from "../src/userManager.js";
import { config } from "./fakes.js";

describe("config", () => {
  it("derives the realm's issuer", () => {
    expect(issuerOf({ keycloakUrl: "http://localhost:8080/", realm: "docs" })).toBe("http://localhost:8080/realms/docs");
  });

  it.each([
    [{ ...config, realm: "" }, /realm/],
    [{ ...config, clientId: undefined as unknown as string }, /clientId/],
    [{ ...config, keycloakUrl: "localhost:8080" }, /http/],
    [{ ...config, callbackPath: "auth/callback" }, /callbackPath/],
  ])("refuses a configuration that cannot work (%#)", (bad, message) => {
    expect(() => assertValidConfig(bad)).toThrow(message);
  });
});

describe("oidc-client-ts settings", () => {
  const storage = new InMemoryWebStorage();
  const settings = userManagerSettings(config, "http://localhost:3000", storage);

  it("point at the realm with the contract's redirect and post-logout URIs", () => {
    expect(settings).toMatchObject({
      authority: "http://localhost:8080/realms/docs",
      client_id: "docs-site",
      redirect_uri: "http://localhost:3000/auth/callback",
      post_logout_redirect_uri: "http://localhost:3000/",
      response_type: "code",
      response_mode: "query",
      automaticSilentRenew: false,
    });
    // No language asked for: Keycloak goes by the browser's.
    expect(settings.ui_locales).toBeUndefined();
  });

  it("ask Keycloak for the site's language (OIDC ui_locales) when the config names one", () => {
    expect(userManagerSettings({ ...config, uiLocales: "fr" }, "http://localhost:3000", storage).ui_locales).toBe("fr");
  });

  it("keep the tokens and the pending sign-in in the given (session) storage, not local storage", async () => {
    await settings.userStore?.set("k", "v");
    await settings.stateStore?.set("s", "v");
    expect(storage.length).toBe(2);
    expect(window.localStorage.length).toBe(0);
  });

  it("create a real UserManager", () => {
    expect(createUserManager(config, "http://localhost:3000", storage)).toBeInstanceOf(UserManager);
  });
});

describe("describeAuthError", () => {
  it.each<[AuthErrorKind, string | undefined, RegExp]>([
    ["state_mismatch", undefined, /not belong to a sign-in started in this browser tab/],
    ["issuer_mismatch", undefined, /did not come from the site's sign-in server/],
    ["authorization_error", "access_denied", /cancelled/],
    ["authorization_error", "temporarily_unavailable", /temporarily_unavailable/],
    ["authorization_error", undefined, /unknown error/],
    ["callback_failed", undefined, /could not be completed/],
    ["session_expired", undefined, /session has ended/],
    ["redirect_failed", undefined, /could not be reached/],
  ])("words %s for the reader", (kind, oauthError, text) => {
    const options = oauthError === undefined ? undefined : { oauthError };
    expect(describeAuthError(new AuthError(kind, "detail", options))).toMatch(text);
  });
});

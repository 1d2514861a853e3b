import { OidcClient } from "oidc-client-ts";
import { describe, expect, it } from "vitest";
import { randomNonce, signinArgs } from "../src/signinArgs.js";
import { userManagerSettings } from "../src/userManager.js";
import { config, ISSUER } from "./fakes.js";

// The real oidc-client-ts builds the authorization request from our settings and arguments; discovery is
// given as metadata so nothing is fetched.
function client() {
  return new OidcClient({
    ...userManagerSettings(config, "http://localhost:3000", window.sessionStorage),
    metadata: {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`,
      token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
      end_session_endpoint: `${ISSUER}/protocol/openid-connect/logout`,
    },
  });
}

async function authorizationUrl(intent: Parameters<typeof signinArgs>[0]) {
  const request = await client().createSigninRequest({ ...signinArgs(intent, "/docs/tokens"), request_type: "si:r" });
  return { url: new URL(request.url), state: request.state };
}

describe("authorization request", () => {
  it("is the code flow with PKCE S256, a state and a nonce, to the contract's callback", async () => {
    const { url, state } = await authorizationUrl("sign-in");
    const q = url.searchParams;
    expect(url.origin + url.pathname).toBe(`${ISSUER}/protocol/openid-connect/auth`);
    expect(q.get("client_id")).toBe("docs-site");
    expect(q.get("response_type")).toBe("code");
    expect(q.get("redirect_uri")).toBe("http://localhost:3000/auth/callback");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")).toBe(state.id);
    expect(q.get("nonce")).toMatch(/^[0-9a-f]{32}$/);
    expect(q.get("scope")).toBe("openid profile email");
    expect(q.has("prompt")).toBe(false);
    expect(state.data).toEqual({ returnTo: "/docs/tokens" });
  });

  it("sign-up asks Keycloak for its registration page", async () => {
    const { url } = await authorizationUrl("sign-up");
    expect(url.searchParams.get("prompt")).toBe("create");
  });

  it("editing the background is the application-initiated action UPDATE_PROFILE", async () => {
    const { url } = await authorizationUrl("edit-background");
    expect(url.searchParams.get("kc_action")).toBe("UPDATE_PROFILE");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  });

  it("resending the verification mail is the application-initiated action VERIFY_EMAIL", async () => {
    const { url, state } = await authorizationUrl("verify-email");
    expect(url.searchParams.get("kc_action")).toBe("VERIFY_EMAIL");
    expect(url.searchParams.has("prompt")).toBe(false);
    expect(state.data).toEqual({ returnTo: "/docs/tokens" });
  });

  it("changing the e-mail address is the application-initiated action UPDATE_EMAIL", async () => {
    const { url } = await authorizationUrl("change-email");
    expect(url.searchParams.get("kc_action")).toBe("UPDATE_EMAIL");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  });

  it("deleting the account is Keycloak's application-initiated action delete_account", async () => {
    const { url, state } = await authorizationUrl("delete-account");
    expect(url.searchParams.get("kc_action")).toBe("delete_account");
    expect(url.searchParams.get("prompt")).toBe("login"); // always asks for the password again
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(state.data).toEqual({ returnTo: "/docs/tokens" });
  });

  it("uses a new nonce each time", () => {
    expect(randomNonce()).not.toBe(randomNonce());
  });
});

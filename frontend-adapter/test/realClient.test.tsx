import "fake-indexeddb/auto";
import { render, screen, waitFor } from "@testing-library/react";
import { OidcClient } from "oidc-client-ts";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AuthButton } from "../src/components/AuthButton.js";
import { AuthErrorNotice } from "../src/components/AuthErrorNotice.js";
import { normaliseOptions, PLUGIN_NAME } from "../src/docusaurus/options.js";
import Root from "../src/docusaurus/theme/Root.js";
import { signinArgs } from "../src/signinArgs.js";
import { userManagerSettings } from "../src/userManager.js";
import { config, goTo, ISSUER } from "./fakes.js";
import { history } from "./stubs/router.js";
import { pluginData } from "./stubs/useGlobalData.js";

// The whole sign-in through the real oidc-client-ts: only Keycloak's two HTTP answers (discovery and the
// token endpoint) are stand-ins. The library decodes the ID token and checks iss, aud and nonce; it does not
// verify the signature of a token it fetched itself over TLS from the token endpoint, so a dummy one is enough.
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const idToken = (claims: object) => `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.c2ln`;

const discovery = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`,
  token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
  end_session_endpoint: `${ISSUER}/protocol/openid-connect/logout`,
  authorization_response_iss_parameter_supported: true,
};

const json = (body: object) => new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });

/** What the real UserManager stores before redirecting; returns the authorization request's state and nonce. */
async function startSignIn(returnTo: string) {
  const client = new OidcClient({ ...userManagerSettings(config, "http://localhost:3000", window.sessionStorage), metadata: discovery });
  const args = signinArgs("sign-in", returnTo);
  const request = await client.createSigninRequest({ ...args, request_type: "si:r" });
  await client.settings.stateStore.set(request.state.id, request.state.toStorageString());
  return { state: request.state.id, nonce: args.nonce ?? "" };
}

function keycloak(nonce: string) {
  const tokenRequests: { body: URLSearchParams; dpop: string | null }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith("/.well-known/openid-configuration")) return json(discovery);
    if (url === discovery.token_endpoint) {
      tokenRequests.push({ body: new URLSearchParams(String(init?.body)), dpop: new Headers(init?.headers).get("DPoP") });
      const now = Math.floor(Date.now() / 1000);
      return json({
        access_token: "real-at",
        refresh_token: "real-rt",
        token_type: "Bearer",
        expires_in: 300,
        scope: "openid profile email",
        id_token: idToken({
          iss: ISSUER,
          aud: "docs-site",
          sub: "u-42",
          iat: now,
          exp: now + 300,
          nonce,
          email: "grace@example.org",
          name: "Grace Reader",
          experience_level: "intermediate",
          professional_role: "researcher",
        }),
      });
    }
    return new Response("not found", { status: 404 });
  });
  return tokenRequests;
}

beforeEach(() => {
  pluginData.set(PLUGIN_NAME, normaliseOptions(config));
  history.replace.mockClear();
});

describe("sign-in through the real oidc-client-ts", () => {
  it("exchanges the code with the PKCE verifier and returns to the starting page, signed in", async () => {
    const { state, nonce } = await startSignIn("/docs/tokens");
    const tokenRequests = keycloak(nonce);
    goTo(`/auth/callback?state=${state}&session_state=s&iss=${encodeURIComponent(ISSUER)}&code=the-code`);
    render(
      <Root>
        <AuthButton />
      </Root>,
    );
    expect(await screen.findByText("grace@example.org")).toBeTruthy();
    expect(history.replace).toHaveBeenCalledWith("/docs/tokens");
    const body = tokenRequests[0]?.body;
    expect(body?.get("grant_type")).toBe("authorization_code");
    expect(body?.get("code")).toBe("the-code");
    expect(body?.get("code_verifier")).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    // Tokens are in session storage; local storage holds only the tabs' hint, which is no token.
    expect(Object.keys(window.sessionStorage).some((k) => k.startsWith("docs-auth.user."))).toBe(true);
    expect(Object.entries(window.localStorage)).toEqual([["docs-auth.session-hint", "signed-in"]]);
  });

  it("sends a DPoP proof (RFC 9449) with the code exchange: the token endpoint, POST, a public key alone", async () => {
    const { state, nonce } = await startSignIn("/docs/tokens");
    const tokenRequests = keycloak(nonce);
    goTo(`/auth/callback?state=${state}&iss=${encodeURIComponent(ISSUER)}&code=the-code`);
    render(
      <Root>
        <AuthButton />
      </Root>,
    );
    expect(await screen.findByText("grace@example.org")).toBeTruthy();
    const proof = tokenRequests[0]?.dpop ?? "";
    const [header, claims] = proof.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header).toMatchObject({ typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC", crv: "P-256" } });
    expect(header.jwk).not.toHaveProperty("d");
    expect(claims).toMatchObject({ htm: "POST", htu: discovery.token_endpoint });
    expect(typeof claims.jti).toBe("string");
  });

  it("refuses an ID token whose nonce is not the one sent", async () => {
    const { state } = await startSignIn("/docs/tokens");
    keycloak("another-nonce");
    goTo(`/auth/callback?state=${state}&iss=${encodeURIComponent(ISSUER)}&code=the-code`);
    render(
      <Root>
        <AuthErrorNotice />
      </Root>,
    );
    expect((await screen.findByRole("alert")).dataset.errorKind).toBe("callback_failed");
    await waitFor(() => expect(history.replace).not.toHaveBeenCalled());
  });
});

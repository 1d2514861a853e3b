// The docs site's side of the sign-in: authorization URLs with PKCE, and the code exchange.
import crypto from "node:crypto";
import { DOCS_SITE, DOCS_SITE_CALLBACK, ISSUER } from "./env.js";

/** An authorization request of the docs site; `endpoint` is "auth" (sign in) or "registrations" (sign up). */
export function authRequest({ endpoint = "auth", clientId = DOCS_SITE, locale, issuer = ISSUER } = {}) {
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const state = crypto.randomUUID();
  const params = new URLSearchParams({
    client_id: clientId, response_type: "code", scope: "openid", redirect_uri: DOCS_SITE_CALLBACK,
    state, nonce: crypto.randomUUID(), code_challenge: challenge, code_challenge_method: "S256",
    ...(locale ? { kc_locale: locale } : {}),
  });
  return { url: `${issuer}/protocol/openid-connect/${endpoint}?${params}`, verifier, state, issuer };
}

/**
 * A browser's DPoP key (RFC 9449): realm docs refuses a public client's token request without a proof of one
 * (client policy docs-dpop-for-public-clients). `proof(url)` signs one for a POST to `url`.
 */
export function dpopKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { kty, crv, x, y } = publicKey.export({ format: "jwk" });
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return {
    proof(url, method = "POST") {
      const input = `${b64({ typ: "dpop+jwt", alg: "ES256", jwk: { kty, crv, x, y } })}.${b64({ jti: crypto.randomUUID(), htm: method, htu: url, iat: Math.floor(Date.now() / 1000) })}`;
      const signature = crypto.sign("sha256", Buffer.from(input), { key: privateKey, dsaEncoding: "ieee-p1363" });
      return `${input}.${signature.toString("base64url")}`;
    },
  };
}

/**
 * Resolves with the docs site's callback URL once the browser is sent there. Waits on the request, not the
 * page: the docs site need not be running for the theme tests.
 */
export function callbackOf(page) {
  return page.waitForRequest((r) => r.url().startsWith(DOCS_SITE_CALLBACK), { timeout: 30_000 }).then((r) => new URL(r.url()));
}

/** Exchanges the callback's code for tokens; returns the ID token's claims. */
export async function signedInClaims(callback, request) {
  if (callback.searchParams.get("state") !== request.state) throw new Error("state mismatch");
  const token = `${request.issuer}/protocol/openid-connect/token`;
  const r = await fetch(token, {
    method: "POST",
    headers: { DPoP: dpopKey().proof(token) },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: DOCS_SITE, code: callback.searchParams.get("code"),
      redirect_uri: DOCS_SITE_CALLBACK, code_verifier: request.verifier,
    }),
  });
  if (!r.ok) throw new Error(`token: ${r.status} ${await r.text()}`);
  const { id_token } = await r.json();
  return JSON.parse(Buffer.from(id_token.split(".")[1], "base64url").toString());
}

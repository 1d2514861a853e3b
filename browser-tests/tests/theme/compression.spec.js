// Keycloak as `make run` builds it (scripts/stack.py: Quarkus compression in conf/quarkus.properties): the hosted
// pages' HTML goes out gzipped to a client that accepts it, as do the theme's scripts and stylesheets (Keycloak's own
// gzip of theme resources); the token endpoint's answers, the tokens, are never compressed. Pure HTTP.
import { test, expect } from "../../lib/test.js";
import { seen } from "../../lib/secrets-seen.js";
import { ADMIN, KEYCLOAK_URL } from "../../lib/env.js";
import { authRequest } from "../../lib/oidc.js";

const GZIP = { "accept-encoding": "gzip" };

test("the sign-up page, its scripts and its stylesheets go out gzipped", async ({ request }) => {
  const page = await request.get(authRequest({ endpoint: "registrations" }).url, { headers: GZIP });
  expect(page.status()).toBe(200);
  expect(page.headers()["content-encoding"], "the sign-up page's HTML went out uncompressed").toBe("gzip");
  const html = await page.text();
  expect(html).toContain("kc-register-form");

  const assets = [...html.matchAll(/(?:src|href)="(\/resources\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  expect(assets.some((a) => a.endsWith(".js")) && assets.some((a) => a.endsWith(".css")), assets.join(" ")).toBe(true);
  for (const asset of assets) {
    const res = await request.get(`${KEYCLOAK_URL}${asset}`, { headers: GZIP });
    expect(res.headers()["content-encoding"], `${asset} went out uncompressed`).toBe("gzip");
  }
});

test("a client that asks for no compression gets the sign-up page as is", async ({ request }) => {
  const page = await request.get(authRequest({ endpoint: "registrations" }).url, { headers: { "accept-encoding": "identity" } });
  expect(page.status()).toBe(200);
  expect(page.headers()["content-encoding"]).toBeUndefined();
  expect(await page.text()).toContain("kc-register-form");
});

test("the token endpoint's answers are never compressed", async ({ request }) => {
  const res = await request.post(`${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    headers: GZIP,
    form: { grant_type: "password", client_id: "admin-cli", username: ADMIN.username, password: ADMIN.password },
  });
  expect(res.status()).toBe(200);
  seen("token", (await res.json()).access_token);
  expect((await res.body()).length).toBeGreaterThan(1024); // big enough that compression would have taken it
  expect(res.headers()["content-encoding"]).toBeUndefined();
});

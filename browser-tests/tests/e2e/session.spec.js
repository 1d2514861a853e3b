// What the site does when the way back from Keycloak or a renewal goes wrong: a tampered `state` and a foreign
// `iss` on the callback are refused with a visible error (nothing is exchanged, nobody is signed in); a session
// ended on Keycloak leads to a clean signed-out state at the next renewal, whichever way the renewal comes.
import { test, expect } from "../../lib/test.js";
import { admin, BACKGROUND, createUser, uniqueEmail } from "../../lib/admin.js";
import { RAG_BACKEND_URL, REALM } from "../../lib/env.js";
import { seen } from "../../lib/secrets-seen.js";
import {
  ageStoredToken, ask, expectAccessible, clickNavbar, expectSignedIn, expectSignedOut, fillSignIn, reader, shot, signInThroughSite, siteUrl,
  storedSessionKeys, tamperCallback, WRONG_ISSUER,
} from "../../lib/site.js";

async function newReader(tag) {
  const r = reader(uniqueEmail(tag), "intermediate");
  r.id = await createUser({ email: r.email, password: r.password, attributes: BACKGROUND });
  return r;
}

/** Signs in from the navbar with the authorization response rewritten on its way to the callback. */
async function signInWithTamperedResponse(page, r, edit) {
  await page.goto(siteUrl("/docs/intro"));
  const { original } = await tamperCallback(page, edit);
  await clickNavbar(page, "Sign in");
  // With a Keycloak session already there, Keycloak answers at once (no form): the same response is rewritten.
  const form = page.locator("#kc-form-login");
  await expect(form.or(page.getByRole("heading", { name: "Sign-in failed" }))).toBeVisible();
  if (await form.isVisible()) {
    await fillSignIn(page, r);
    await page.click("#kc-form-login [type=submit]");
  }
  return { original };
}

async function expectRefused(page, kind, sentence) {
  await expect(page.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(sentence);
  await expect(alert).toHaveAttribute("data-error-kind", kind);
  // The refused response is dropped from the address bar: a reload does not replay it.
  const url = new URL(page.url());
  expect(url.pathname).toBe("/auth/callback");
  expect([...url.searchParams.keys()]).toEqual([]);
  expect(await storedSessionKeys(page)).toEqual([]);
}

test("a callback whose state this tab never stored is never redeemed: refused visibly without a Keycloak session, signed in silently with one", async ({ page }) => {
  const r = await newReader("e2e-state");
  const exchanged = [];
  page.on("request", (req) => {
    const body = req.postData() ?? "";
    if (req.url().endsWith("/protocol/openid-connect/token") && body.includes("grant_type=authorization_code")) {
      exchanged.push(new URLSearchParams(body).get("code"));
    }
  });

  // A forged response opened in a browser without a Keycloak session: refused, with a visible error.
  await page.goto(siteUrl(`/auth/callback?code=forged&state=forged&iss=${encodeURIComponent(WRONG_ISSUER)}`));
  await expectRefused(page, "state_mismatch", "does not belong to a sign-in started in this browser tab");
  await expectSignedOut(page);
  await shot(page, "refused-state");
  // "Sign in again" recovers.
  await page.getByRole("button", { name: "Sign in again" }).click();
  await fillSignIn(page, r);
  await page.click("#kc-form-login [type=submit]");
  await page.waitForURL(siteUrl("/"));
  await expectSignedIn(page, r.email);

  // With the Keycloak session alive, a tampered state (or a flow finished in another tab) is not redeemed
  // either; the tab finds the session with a silent sign-in of its own, and the reader goes on as themselves.
  await page.evaluate(() => {
    sessionStorage.clear();
    localStorage.clear();
  });
  await page.goto(siteUrl("/docs/intro"));
  await expectSignedOut(page);
  const { original } = await tamperCallback(page, (url) => url.searchParams.set("state", `${url.searchParams.get("state")}x`));
  await clickNavbar(page, "Sign in");
  const code = (await original).searchParams.get("code");
  expect(code).toBeTruthy();
  await page.waitForURL(siteUrl("/"));
  await expectSignedIn(page, r.email);
  await expect(page.getByRole("alert")).toHaveCount(0);
  expect(exchanged).not.toContain(code);
  expect(exchanged).not.toContain("forged");
});

test("an authorization response whose iss is not the realm is refused (RFC 9207)", async ({ page }) => {
  const r = await newReader("e2e-iss");
  await signInWithTamperedResponse(page, r, (url) => url.searchParams.set("iss", WRONG_ISSUER));
  await expectRefused(page, "issuer_mismatch", "did not come from the site's sign-in server");
  await expectSignedOut(page);
  await expectAccessible(page);
  await shot(page, "refused-iss");

  // Without iss at all: refused too (Keycloak always sends it).
  await signInWithTamperedResponse(page, r, (url) => url.searchParams.delete("iss"));
  await expectRefused(page, "issuer_mismatch", "did not come from the site's sign-in server");
});

test("a renewal that fails (session ended on Keycloak) signs the reader out cleanly: getAccessToken via the chatbot", async ({ page }) => {
  const r = await newReader("e2e-renew");
  await signInThroughSite(page, r);
  await expect(await ask(page, "What is my background used for?")).toContainText("Answer for an intermediate reader");

  // An administrator ends the reader's sessions; the site's token still looks valid for a few seconds.
  await admin("POST", `/${REALM}/users/${r.id}/logout`);
  await ageStoredToken(page, 10);
  const refresh = page.waitForResponse((res) => res.url().endsWith("/protocol/openid-connect/token") && res.request().postData().includes("grant_type=refresh_token"));
  await page.fill("#docs-question", "What is my background used for?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  expect((await refresh).status()).toBe(400);

  await expect(page.getByRole("alert").filter({ hasText: "Your session has ended. Please sign in again." })).toHaveAttribute("data-error-kind", "session_expired");
  await expectSignedOut(page);
  await expect(page.getByRole("region", { name: "Sign in required" })).toBeVisible();
  await shot(page, "renewal-failed");

  // Signed out for real: signing in asks for the password again.
  await clickNavbar(page, "Sign in");
  await fillSignIn(page, r);
  await page.click("#kc-form-login [type=submit]");
  await page.waitForURL(siteUrl("/"));
  await expectSignedIn(page, r.email);
});

test("a token the API refuses at once after an admin ends the reader's sessions (a signal, not expiry) signs the reader out at the next question", async ({ page }) => {
  const r = await newReader("e2e-revoked");
  await signInThroughSite(page, r);
  await expect(await ask(page, "What is my background used for?")).toContainText("Answer for an intermediate reader");
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith("docs-auth.user.")))).access_token);
  seen("token", token);

  // The token is minutes from expiry; the API refuses it because Keycloak's session-revoked SET reached it. The SET
  // names the reader and its event_timestamp has whole seconds, as the token's iat: a token of the logout's very
  // second is refused too (once, in CI, the admin acted within that second and the API went on serving the token).
  await admin("POST", `/${REALM}/users/${r.id}/logout`);
  await expect.poll(async () => (await fetch(`${RAG_BACKEND_URL}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status,
    { timeout: 20_000, message: "the API refuses the token once the signal is in" }).toBe(401);

  const refused = page.waitForResponse((res) => res.url() === `${RAG_BACKEND_URL}/api/query` && res.status() === 401);
  const refresh = page.waitForResponse((res) => res.url().endsWith("/protocol/openid-connect/token") && res.request().postData().includes("grant_type=refresh_token"));
  await page.fill("#docs-question", "What is my background used for?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  expect((await refused).headers()["www-authenticate"]).toContain('error="invalid_token"');
  expect((await refresh).status()).toBe(400);

  await expect(page.getByRole("alert").filter({ hasText: "Your session has ended. Please sign in again." })).toHaveAttribute("data-error-kind", "session_expired");
  await expectSignedOut(page);
  await expect(page.getByRole("region", { name: "Sign in required" })).toBeVisible();
});

test("a renewal that fails at page load (stored token expired, session ended) shows the reader signed out", async ({ page }) => {
  const r = await newReader("e2e-reload");
  await signInThroughSite(page, r);
  await admin("POST", `/${REALM}/users/${r.id}/logout`);
  await ageStoredToken(page, -5);
  await page.reload();
  await expect(page.getByRole("alert")).toContainText("Your session has ended. Please sign in again.");
  await expectSignedOut(page);
  // The API is not called with a dead token: the chatbot asks the reader to sign in.
  await expect(page.getByRole("region", { name: "Sign in required" })).toBeVisible();
});

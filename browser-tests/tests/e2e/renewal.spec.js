// Automatic renewal (frontend-adapter/README.md, "How renewal works"): with the page open and untouched, the access
// token (5 minutes in realm docs) is renewed with the refresh token a minute before it expires, and the reader stays
// signed in on the new token. The stored token is aged instead of the page's clock moved: the renewal carries a DPoP
// proof stamped with the page's time, which Keycloak checks against its own.
import { test, expect } from "../../lib/test.js";
import { BACKGROUND, createUser, uniqueEmail } from "../../lib/admin.js";
import { ageStoredToken, ask, expectSignedIn, reader, signInThroughSite } from "../../lib/site.js";

/** The tab's stored session (oidc-client-ts): access token and its expiry, in seconds since the epoch. */
const storedUser = (page) => page.evaluate(() => {
  const key = Object.keys(sessionStorage).find((k) => k.startsWith("docs-auth.user."));
  const { access_token: token, expires_at: expiresAt } = JSON.parse(sessionStorage.getItem(key));
  return { token, expiresAt };
});

test("the access token is renewed on its own before it expires, and the reader goes on signed in", async ({ page }) => {
  const r = reader(uniqueEmail("e2e-auto-renew"), "advanced");
  await createUser({ email: r.email, password: r.password, attributes: { ...BACKGROUND, experienceLevel: ["advanced"] } });
  const renewals = [];
  page.on("request", (req) => {
    if (req.url().endsWith("/protocol/openid-connect/token") && (req.postData() ?? "").includes("grant_type=refresh_token")) {
      renewals.push(req);
    }
  });
  await signInThroughSite(page, r);
  const before = await storedUser(page);
  expect(before.expiresAt - Date.now() / 1000).toBeGreaterThan(290); // a fresh five-minute token

  // The stored token as if nearly four minutes had passed: 75 s left; the page sets its timer from it when it loads.
  await ageStoredToken(page, 75);
  await page.reload();
  await expectSignedIn(page, r.email);
  expect(renewals, "renewed more than a minute before expiry").toHaveLength(0);

  // Untouched, the page renews once the last minute starts (about 15 s later).
  await expect.poll(() => renewals.length, { message: "not renewed in the last minute", timeout: 40_000 }).toBe(1);
  expect((await renewals[0].response()).status()).toBe(200);
  await expect.poll(async () => (await storedUser(page)).token, { message: "the new token is stored" }).not.toBe(before.token);
  expect(renewals).toHaveLength(1);
  expect((await storedUser(page)).expiresAt).toBeGreaterThan(before.expiresAt);

  // Still signed in, and the chatbot API takes the new token.
  await expectSignedIn(page, r.email);
  await expect(await ask(page, "What is my background used for?")).toContainText("Answer for an advanced reader");
});

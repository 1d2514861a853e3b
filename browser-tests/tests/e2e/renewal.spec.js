// Automatic renewal (frontend-adapter/README.md, "How renewal works"): with the page open and untouched, the access
// token (5 minutes in realm docs) is renewed with the refresh token a minute before it expires, and the reader stays
// signed in on the new token. Time is moved by Playwright's clock in the page; Keycloak answers in real time.
import { test, expect } from "../../lib/test.js";
import { BACKGROUND, createUser, uniqueEmail } from "../../lib/admin.js";
import { ask, expectSignedIn, reader, signInThroughSite } from "../../lib/site.js";

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
  await page.clock.install();
  await signInThroughSite(page, r);
  const before = await storedUser(page);
  // From here the page's time moves only when the test says.
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 1000);
  const left = before.expiresAt - (now + 1000) / 1000;
  expect(left).toBeGreaterThan(290); // a fresh five-minute token

  // With 65 s left: not yet.
  await page.clock.runFor(Math.round((left - 65) * 1000));
  expect(renewals, "renewed more than a minute before expiry").toHaveLength(0);

  // With 5 s left, the page untouched all along: renewed.
  await page.clock.runFor(60_000);
  await expect.poll(() => renewals.length, { message: "not renewed with 5 s left", timeout: 15_000 }).toBe(1);
  expect((await renewals[0].response()).status()).toBe(200);
  await expect.poll(async () => (await storedUser(page)).token, { message: "the new token is stored" }).not.toBe(before.token);
  expect(renewals).toHaveLength(1);
  expect((await storedUser(page)).expiresAt).toBeGreaterThan(before.expiresAt);

  // Still signed in, and the chatbot API takes the new token.
  await expectSignedIn(page, r.email);
  await expect(await ask(page, "What is my background used for?")).toContainText("Answer for an advanced reader");
});

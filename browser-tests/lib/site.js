// The docs site as a reader uses it: the navbar's sign-in control, Keycloak's
// themed forms, the chatbot, and full-size screenshots of each step under build/screenshots/e2e/.
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { describeViolations, runAxe } from "./axe.js";
import { horizontalOverflow } from "./checks.js";
import { mailLink, waitForMails } from "./mail.js";
import { DOCS_SITE_CALLBACK, DOCS_SITE_URL, E2E_SCREENSHOTS, ISSUER } from "./env.js";

/** The password every test reader chooses: it passes the realm's policy password-strength(3) (zxcvbn scores it 4),
 * whatever the reader's address and name. */
export const PASSWORD = "correct horse battery";
/** A second password that passes the policy, for a reader who changes theirs (it differs from PASSWORD). */
export const NEW_PASSWORD = "tidal quarry lantern bloom";

/** A fresh reader's sign-up answers. */
export const reader = (email, level = "beginner") => ({ email, password: PASSWORD, level, role: "researcher", firstName: "Grace", lastName: "Hopper" });

export const siteUrl = (pathname) => `${DOCS_SITE_URL}${pathname}`;

/**
 * The navbar's sign-in control, once the session is known. The site keeps it in the top bar at every width
 * (Docusaurus's phone menu holds only the links); `expectNavbarFits` checks that it fits there.
 */
export async function authControl(page) {
  const control = page.locator(".navbar__items--right .docs-auth-button");
  await expect(control).toBeVisible();
  await expect(control).not.toHaveAttribute("data-status", /loading|redirecting/);
  return control;
}

export async function expectSignedIn(page, email) {
  const control = await authControl(page);
  await expect(control).toHaveAttribute("data-status", "signed-in");
  await expect(control.locator(".docs-auth-button__name")).toHaveText(email);
  await expect(control.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** The navbar stays one line: the sign-in control inside the bar, nothing scrolls sideways. */
export async function expectNavbarFits(page) {
  const bar = await page.locator("nav.navbar").boundingBox();
  const control = await page.locator(".navbar__items--right .docs-auth-button").boundingBox();
  expect(control, "the sign-in control is in the top bar").not.toBeNull();
  expect(control.y, "control below the bar's top").toBeGreaterThanOrEqual(bar.y - 1);
  expect(control.y + control.height, "control within the bar's height").toBeLessThanOrEqual(bar.y + bar.height + 1);
  expect(control.x + control.width, "control within the page's width").toBeLessThanOrEqual(page.viewportSize().width + 1);
  expect(await horizontalOverflow(page), "horizontal scrolling").toBeLessThanOrEqual(0);
}

export async function expectSignedOut(page) {
  const control = await authControl(page);
  await expect(control).toHaveAttribute("data-status", "signed-out");
  await expect(control.getByRole("button", { name: "Sign in" })).toBeVisible();
  // Nothing of the session is left in the tab.
  expect(await storedSessionKeys(page)).toEqual([]);
}

/** The tab's stored tokens (oidc-client-ts user entries of the adapter). */
export const storedSessionKeys = (page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("docs-auth.user.")));

/** Clicks a navbar button (Sign in, Sign up, Sign out). */
export async function clickNavbar(page, name) {
  const control = await authControl(page);
  await control.getByRole("button", { name }).click();
}

/** Keycloak's themed registration form, filled and submitted. */
export async function fillSignUp(page, r) {
  await expect(page.locator("#kc-register-form")).toBeVisible();
  await page.fill("#email", r.email);
  await page.fill("#firstName", r.firstName);
  await page.fill("#lastName", r.lastName);
  await page.selectOption("#experienceLevel", r.level);
  await page.selectOption("#professionalRole", r.role);
  // The consent to personalisation: ticked unless the reader says no (r.consent === false).
  if (r.consent !== false) await page.check(CONSENT_BOX);
}

/** The sign-up's one consent box (user profile attribute personalizationConsent, option "true"). */
export const CONSENT_BOX = "#personalizationConsent-true";

/**
 * Waits until the browser has solved the page's proof of work (ALTCHA's widget, proof-of-work.ftl, solves it on
 * load) and returns the solution the form will send: `{ algorithm, challenge, number, salt, signature, took }`,
 * `took` the widget's time for the search in ms. Submitting needs no wait (the theme holds a form back until the
 * solution is there); this is for the tests that look at the solution.
 */
export async function proofOfWorkSolution(page) {
  const field = page.locator("#docs-proof-of-work input[type=hidden]");
  await expect.poll(async () => ((await field.count()) ? field.inputValue() : ""), { timeout: 30_000 }).not.toBe("");
  return JSON.parse(Buffer.from(await field.inputValue(), "base64").toString("utf8"));
}

/** Keycloak's "verify your e-mail address" page (login-verify-email.ftl): its resend link, or its form when the site asked. */
export const VERIFY_EMAIL_PAGE = "a[href*=\"execution=VERIFY_EMAIL\"], #kc-verify-email-form";

/**
 * Submits the filled registration form; when Keycloak then asks the new reader to verify the address (the realm's
 * default), opens the verification link from the mail catcher in the same tab, as the reader does, and chooses the
 * password (Keycloak 26.7 asks for it only once the address is confirmed), which leads back to the docs site.
 */
export async function submitSignUp(page, r) {
  await page.click("#kc-register-form [type=submit]");
  // Either the docs site (verification off, or done) or Keycloak's "verify your e-mail" page comes next (polled
  // from outside the page: the no-JavaScript tests sign up too).
  const verify = page.locator(VERIFY_EMAIL_PAGE);
  await expect.poll(async () => page.url().startsWith(DOCS_SITE_URL) || (await verify.count()) > 0, { timeout: 60_000 })
    .toBe(true);
  if (page.url().startsWith(DOCS_SITE_URL)) return;
  const mails = await waitForMails(r.email);
  await page.goto(mailLink(mails[mails.length - 1], "/login-actions/action-token"));
  await choosePassword(page, r.password);
}

/** Keycloak's "update password" page (after a verification or a reset link), filled and submitted. */
export async function choosePassword(page, password) {
  await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
  await page.fill("#password-new", password);
  await page.fill("#password-confirm", password);
  await page.click("#kc-passwd-update-form [type=submit]");
}

/** Keycloak's themed sign-in form: it must ask for the password (no silent SSO). */
export async function fillSignIn(page, r) {
  await expect(page.locator("#kc-form-login")).toBeVisible();
  await page.fill("#username", r.email);
  await expect(page.locator("#password")).toBeVisible();
  await page.fill("#password", r.password);
}

/** Opens `url` (an authorization request, the account console, the admin console), which shows Keycloak's sign-in
 * page, and signs `r` in there: `{ email, password }` (an admin's username goes in `email`). */
export async function signInAt(page, url, r) {
  await page.goto(url);
  // A console (account, admin) loads its own script first, which then sends the browser to the sign-in page: waited
  // for as long as the test may take, as an action waits, not within an expectation's 10 s.
  await page.locator("#kc-form-login").waitFor();
  await fillSignIn(page, r);
  await page.click("#kc-login");
}

/** Asks the home page's chatbot; returns the answer section. */
export async function ask(page, question) {
  await page.fill("#docs-question", question);
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const answer = page.getByTestId("chatbot-answer");
  await expect(answer).toBeVisible();
  return answer;
}

/** A full-size screenshot of one step: build/screenshots/e2e/<name>.png. */
export async function shot(page, name, { fullPage = true } = {}) {
  fs.mkdirSync(E2E_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(E2E_SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Rewrites Keycloak's authorization response (its redirect to the site's callback) once: `edit(url)` changes
 * the callback URL's query. Playwright does not route the target of a redirect, so this routes Keycloak's own
 * login-action request, fetches its answer (cookies are the context's) and changes the redirect's Location.
 * Resolves once the route is in place, with `{ original }`: a promise of the untouched callback URL.
 */
export async function tamperCallback(page, edit) {
  let original;
  const seen = new Promise((resolve) => (original = resolve));
  let done = false;
  await page.route(
    (url) => url.href.startsWith(`${ISSUER}/login-actions/`) || url.href.startsWith(`${ISSUER}/protocol/openid-connect/auth`),
    async (route) => {
      const res = await route.fetch({ maxRedirects: 0 });
      const location = res.headers().location;
      if (done || !location?.startsWith(DOCS_SITE_CALLBACK)) return route.fulfill({ response: res });
      done = true;
      const url = new URL(location);
      original(new URL(url.href));
      edit(url);
      await route.fulfill({ response: res, headers: { ...res.headers(), location: url.href } });
    },
  );
  return { original: seen };
}

export const WRONG_ISSUER = ISSUER.replace(/\/realms\/docs$/, "/realms/master");

/** Signs an existing reader in from the navbar of `pathname`; returns when the site shows them signed in. */
export async function signInThroughSite(page, r, pathname = "/") {
  await page.goto(siteUrl(pathname));
  await clickNavbar(page, "Sign in");
  await fillSignIn(page, r);
  await page.click("#kc-form-login [type=submit]");
  await page.waitForURL(siteUrl(pathname));
  await expectSignedIn(page, r.email);
}

/** Makes the tab's stored access token expire `seconds` from now (negative: already expired). */
export async function ageStoredToken(page, seconds) {
  await page.evaluate((s) => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith("docs-auth.user."));
    const user = JSON.parse(sessionStorage.getItem(key));
    user.expires_at = Math.floor(Date.now() / 1000) + s;
    sessionStorage.setItem(key, JSON.stringify(user));
  }, seconds);
}

/** axe-core finds nothing serious or critical on the page as it is now. */
export async function expectAccessible(page) {
  const { severe } = await runAxe(page);
  expect(severe, describeViolations(severe)).toEqual([]);
}

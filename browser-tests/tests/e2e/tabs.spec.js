// A reader with several tabs of one browser (frontend-adapter README, "Several tabs"): the Keycloak session is
// one, the tokens are per tab. A new tab is signed in without a flash of "Sign in"; a tab that was open follows
// a sign-in or sign-out in another; "Sign up" while signed in never ends on Keycloak's "already authenticated as
// a different user" page; a flow that ends in a tab that did not start it lands signed in.
import { test, expect } from "../../lib/test.js";
import { admin, BACKGROUND, createUser, findUser, uniqueEmail } from "../../lib/admin.js";
import { WIDTHS } from "../../lib/checks.js";
import { ISSUER, REALM } from "../../lib/env.js";
import {
  authControl, clickNavbar, expectAccessible, expectSignedIn, expectSignedOut, fillSignIn, fillSignUp, reader, shot, signInThroughSite,
  siteUrl,
} from "../../lib/site.js";

// Each test drives two or three pages of one context through Keycloak and a hidden frame: on a loaded 2-core
// machine that takes longer than the default minute (one CI run timed out tearing the context down).
test.describe.configure({ timeout: 120_000 });

async function newReader(tag) {
  const r = reader(uniqueEmail(tag), "intermediate");
  r.id = await createUser({ email: r.email, password: r.password, attributes: BACKGROUND });
  return r;
}

/** Records every state the navbar's control shows, from the first paint on (before any script of the site). */
async function recordNavbarStates(page) {
  await page.addInitScript(() => {
    window.__authStates = [];
    new MutationObserver(() => {
      const status = document.querySelector(".navbar__items--right .docs-auth-button")?.getAttribute("data-status");
      if (status && window.__authStates.at(-1) !== status) window.__authStates.push(status);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  });
}

const localStorageEntries = (page) => page.evaluate(() => Object.entries(localStorage));

for (const [widthName, viewport] of Object.entries(WIDTHS)) {
  test(`at ${viewport.width} px a new tab of a signed-in reader is signed in at once, with no token in local storage`, async ({ context }) => {
    const r = await newReader(`e2e-tab-${widthName}`);
    const first = await context.newPage();
    await first.setViewportSize(viewport);
    await signInThroughSite(first, r);

    const second = await context.newPage();
    await second.setViewportSize(viewport);
    await recordNavbarStates(second);
    await second.goto(siteUrl("/docs/intro"));
    await expectSignedIn(second, r.email);
    expect(await second.evaluate(() => window.__authStates)).not.toContain("signed-out");
    // Tokens live in each tab's session storage; local storage holds only the hint that this browser signed in.
    expect(await localStorageEntries(second)).toEqual([["docs-auth.session-hint", "signed-in"]]);
    expect(await second.evaluate(() => Object.keys(sessionStorage).some((k) => k.startsWith("docs-auth.user.")))).toBe(true);
    await expectAccessible(second);
    await shot(second, `tabs-${widthName}-second-tab-signed-in`);
  });
}

test("a tab that was open follows a sign-up in another tab, and a sign-out there", async ({ context }) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await second.goto(siteUrl("/docs/intro"));
  await expectSignedOut(second);

  const r = reader(uniqueEmail("e2e-tab-follow"), "beginner");
  await first.goto(siteUrl("/"));
  await clickNavbar(first, "Sign up");
  await fillSignUp(first, r);
  await first.click("#kc-register-form [type=submit]");
  await first.waitForURL(siteUrl("/"));
  await expectSignedIn(first, r.email);

  // The other tab was showing "Sign up": it follows without a reload.
  await expectSignedIn(second, r.email);

  await clickNavbar(first, "Sign out");
  await first.waitForURL(siteUrl("/"));
  await expectSignedOut(first);
  await expectSignedOut(second);
});

test("Sign up while another account is signed in goes on as that reader, or signs out and creates another account", async ({ context }) => {
  const a = await newReader("e2e-tab-a");
  const first = await context.newPage();
  await signInThroughSite(first, a);

  // A tab whose hint is gone (storage cleared): it shows "Sign up" though Keycloak's session is alive.
  const second = await context.newPage();
  await second.goto(siteUrl("/docs/intro"));
  await expectSignedIn(second, a.email);
  await second.evaluate(() => {
    sessionStorage.clear();
    localStorage.clear();
  });
  await second.reload();
  await expectSignedOut(second);

  await clickNavbar(second, "Sign up");
  await expectSignedIn(second, a.email);
  const notice = second.getByRole("alert");
  await expect(notice).toHaveAttribute("data-error-kind", "already_signed_in");
  await expect(notice).toContainText("You are already signed in. To create another account, sign out first.");
  await expectAccessible(second);
  await shot(second, "tabs-already-signed-in");

  // The second way on: sign out, and Keycloak's registration page comes by itself.
  await notice.getByRole("button", { name: "Sign out and create another account" }).click();
  await second.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  const b = reader(uniqueEmail("e2e-tab-b"), "advanced");
  await fillSignUp(second, b);
  await second.click("#kc-register-form [type=submit]");
  await second.waitForURL((url) => url.href.startsWith(siteUrl("/")));
  await expectSignedIn(second, b.email);
  expect(await findUser(b.email)).toBeTruthy();
});

test("Keycloak's registration page opened while another account is signed in (a bookmark, a stale tab) creates the account and signs it in", async ({ context }) => {
  const a = await newReader("e2e-tab-bookmark");
  const first = await context.newPage();
  await signInThroughSite(first, a);

  // The registration page as a bookmark opens it: no script of the site runs first to notice the session.
  const second = await context.newPage();
  const query = new URLSearchParams({
    client_id: "docs-site", response_type: "code", scope: "openid", prompt: "create", state: "from-a-bookmark",
    redirect_uri: siteUrl("/auth/callback"), code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256",
  });
  await second.goto(`${ISSUER}/protocol/openid-connect/auth?${query}`);
  const b = reader(uniqueEmail("e2e-tab-late"), "beginner");
  await fillSignUp(second, b);
  await second.click("#kc-register-form [type=submit]");

  // Not Keycloak's "already authenticated as different user" (a page with no way on, before our jar): the new
  // account exists and the browser is signed in as it; the state this tab never stored is not redeemed.
  await second.waitForURL(siteUrl("/"));
  await expectSignedIn(second, b.email);
  expect(await findUser(b.email)).toBeTruthy();
  // The earlier reader's session, which the registration page had left, has ended.
  expect(await admin("GET", `/${REALM}/users/${a.id}/sessions`)).toEqual([]);
});

test("a sign-in finished in a tab that did not start it lands signed in, not on an error", async ({ context }) => {
  const r = await newReader("e2e-tab-cross");
  const first = await context.newPage();
  await first.goto(siteUrl("/docs/intro"));
  await clickNavbar(first, "Sign in");
  await expect(first.locator("#kc-form-login")).toBeVisible();

  // The reader goes on in another tab (as a link from a mail would open one): the response comes there, with a
  // state that tab never stored.
  const second = await context.newPage();
  await second.goto(first.url());
  await fillSignIn(second, r);
  await second.click("#kc-form-login [type=submit]");
  await second.waitForURL(siteUrl("/"));
  await expectSignedIn(second, r.email);
  await expect(second.getByRole("alert")).toHaveCount(0);
  const control = await authControl(second);
  await expect(control).toHaveAttribute("data-status", "signed-in");
});

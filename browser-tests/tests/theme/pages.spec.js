// Every page of a reader's journey, reached the way a reader reaches it: the docs header is there, nothing
// scrolls sideways at 320 px, touch targets are 44 px on a phone, axe finds nothing serious, and each page is
// photographed at phone and desktop width, light and dark (build/screenshots/).
import { test, expect } from "../../lib/test.js";
import { admin, createUser, uniqueEmail, BACKGROUND } from "../../lib/admin.js";
import { authRequest } from "../../lib/oidc.js";
import { ISSUER, REALM } from "../../lib/env.js";
import { expectAccessibleKeycloakPage, expectDocsHeader, expectNoHorizontalScrollAt320, screenshots, smallTouchTargets, WIDTHS, SCHEMES } from "../../lib/checks.js";
import { mailLink, waitForMails } from "../../lib/mail.js";
import { PASSWORD, signInAt } from "../../lib/site.js";


const signIn = (page, email) => signInAt(page, authRequest().url, { email, password: PASSWORD });

/** The checks every page gets, after `marker` proves the right page was reached. */
async function checkPage(page, name, marker, { axe = true } = {}) {
  await expect(page.locator(marker)).toBeVisible();
  await expectDocsHeader(page);
  await expectNoHorizontalScrollAt320(page);
  await page.setViewportSize(WIDTHS.phone);
  expect(await smallTouchTargets(page), "controls smaller than 44 px on a phone").toEqual([]);
  if (axe) await expectAccessibleKeycloakPage(page, name);
  await screenshots(page, name);
}

test("sign-in", async ({ page }) => {
  await page.goto(authRequest().url);
  await checkPage(page, "signin", "#kc-form-login");
  await expect(page.locator("#kc-page-title")).toHaveText("Sign in to Docs");
  // Keyboard focus is visible on every control it reaches, in both colour schemes.
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await page.locator("#username").focus();
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      const outline = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return { what: document.activeElement.outerHTML.slice(0, 60), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      expect(outline.style, outline.what).not.toBe("none");
      expect(outline.width, outline.what).toBeGreaterThanOrEqual(2);
    }
  }
});

test("sign-up", async ({ page }) => {
  await page.goto(authRequest({ endpoint: "registrations" }).url);
  await checkPage(page, "signup", "#kc-register-form");
});

test("sign-up with errors: each next to its field, announced, typed values kept", async ({ page }) => {
  await page.goto(authRequest({ endpoint: "registrations" }).url);
  // No password here: with e-mail verification on, Keycloak asks for it once the address is confirmed.
  await expect(page.locator("#password")).toHaveCount(0);
  await page.fill("#email", "not-an-address");
  await page.fill("#firstName", "Ada");
  await page.selectOption("#professionalRole", "other");
  await page.fill("#organization", "Analytical Engines");
  await page.click("#kc-register-form [type=submit]");

  await expect(page.locator("#input-error-experienceLevel")).toBeVisible();
  for (const field of ["email", "lastName", "experienceLevel", "roleOther"]) {
    const control = page.locator(`#${field}`);
    await expect(control).toHaveAttribute("aria-invalid", "true");
    // The error is inside the field's group and the field points at it.
    expect((await control.getAttribute("aria-describedby")).split(" ")).toContain(`input-error-${field}`);
    await expect(page.locator(`.pf-v5-c-form__group:has(#${field}) #input-error-${field}`)).toBeVisible();
  }
  await expect(page.locator("#input-error-roleOther")).toContainText('"Other"');
  await expect(page.locator("#firstName")).toHaveValue("Ada");
  await expect(page.locator("#professionalRole")).toHaveValue("other");
  await expect(page.locator("#organization")).toHaveValue("Analytical Engines");
  // The first field in error has the focus, so a screen reader starts there.
  await expect(page.locator("#email")).toBeFocused();
  await checkPage(page, "signup-errors", "#kc-register-form");
});

test("forgot password", async ({ page }) => {
  await page.goto(authRequest().url);
  await page.click("a[href*='reset-credentials']");
  await checkPage(page, "forgot-password", "#kc-reset-password-form");
});

test("update password (required action)", async ({ page }) => {
  const email = uniqueEmail("update-password");
  await createUser({ email, password: PASSWORD, attributes: BACKGROUND, requiredActions: ["UPDATE_PASSWORD"] });
  await signIn(page, email);
  await checkPage(page, "update-password", "#kc-passwd-update-form");
});

test("missing background (VERIFY_PROFILE) asks for it and accepts it", async ({ page }) => {
  const email = uniqueEmail("no-background");
  await createUser({ email, password: PASSWORD });
  await signIn(page, email);
  await checkPage(page, "missing-background", "#kc-update-profile-form");
  await expect(page.locator("#roleOther")).toBeHidden();
  await page.selectOption("#experienceLevel", "beginner");
  await page.selectOption("#professionalRole", "other");
  await expect(page.locator("#roleOther")).toBeVisible();
  await page.fill("#roleOther", "Technical writer");
  await page.click("#kc-update-profile-form [type=submit]");
  await expect.poll(async () => (await admin("GET", `/${REALM}/users?email=${encodeURIComponent(email)}&exact=true`))[0].attributes)
    .toMatchObject({ experienceLevel: ["beginner"], professionalRole: ["other"], roleOther: ["Technical writer"] });
});

test.describe("e-mail pages", () => {
  // The mail comes through the realm's own SMTP settings to the stack's mail catcher. "expired link" shortens the
  // action-token lifespan: these run one after the other, and the lifespan is restored (and checked) afterwards.
  test.describe.configure({ mode: "serial" });
  let saved;
  test.beforeAll(async () => {
    saved = await admin("GET", `/${REALM}`);
  });
  test.afterAll(async () => {
    await admin("PUT", `/${REALM}`, { attributes: saved.attributes });
    expect((await admin("GET", `/${REALM}`)).attributes).toEqual(saved.attributes);
  });

  test("verify e-mail", async ({ page }) => {
    const email = uniqueEmail("verify-email");
    await createUser({ email, password: PASSWORD, attributes: BACKGROUND, requiredActions: ["VERIFY_EMAIL"], emailVerified: false });
    await signIn(page, email);
    await checkPage(page, "verify-email", "a[href*=\"execution=VERIFY_EMAIL\"]");
    expect(mailLink((await waitForMails(email))[0], "/login-actions/action-token")).toContain("?key=");
  });

  test("choose a password, once the address is confirmed", async ({ page }) => {
    const email = uniqueEmail("choose-password");
    await page.goto(authRequest({ endpoint: "registrations" }).url);
    await page.fill("#email", email);
    await page.fill("#firstName", "Ada");
    await page.fill("#lastName", "Lovelace");
    await page.selectOption("#experienceLevel", "beginner");
    await page.selectOption("#professionalRole", "student");
    await page.click("#kc-register-form [type=submit]");
    await checkPage(page, "signup-verify-email", "a[href*=\"execution=VERIFY_EMAIL\"]");
    await page.goto(mailLink((await waitForMails(email))[0], "/login-actions/action-token"));
    await checkPage(page, "signup-choose-password", "#kc-passwd-update-form");
    // Our wording: a new reader chooses a password (Keycloak's says "change your password", and its Arabic title
    // says "password updated").
    await expect(page.locator("#kc-page-title")).toHaveText("Choose a password");
  });

  test("expired link", async ({ page }) => {
    // The realm's lifespan of verification links (an attribute per action-token type): one second, for this test.
    await admin("PUT", `/${REALM}`, { attributes: { ...saved.attributes, "actionTokenGeneratedByUserLifespan.verify-email": "1" } });
    const email = uniqueEmail("expired-link");
    await createUser({ email, password: PASSWORD, attributes: BACKGROUND, requiredActions: ["VERIFY_EMAIL"], emailVerified: false });
    await signIn(page, email);
    const link = mailLink((await waitForMails(email))[0], "/login-actions/action-token");
    // The link's key is a JWT: wait until a second past its own expiry (Keycloak compares whole seconds).
    const key = new URL(link).searchParams.get("key");
    const { exp } = JSON.parse(Buffer.from(key.split(".")[1], "base64url").toString());
    await expect.poll(() => Date.now() / 1000, { timeout: 10_000 }).toBeGreaterThan(exp + 1);
    await page.goto(link);
    await checkPage(page, "expired-link", "#kc-page-title", { axe: false });
    await expect(page.locator("body")).toContainText(/expired/i);
  });
});

test("error page (unknown client)", async ({ page }) => {
  await page.goto(authRequest({ clientId: "no-such-client" }).url);
  await checkPage(page, "error", "#kc-error-message");
  await expect(page.locator("#kc-error-message")).toContainText("Client not found.");
});

test("page expired", async ({ page }) => {
  // The sign-in form's action, used after the flow moved on to sign-up, is a page that has expired.
  await page.goto(authRequest().url);
  const action = await page.getAttribute("#kc-form-login", "action");
  await page.click("a[href*='registration']");
  await page.goto(action);
  await checkPage(page, "page-expired", "#loginRestartLink");
});

test("sign-out confirmation", async ({ page }) => {
  await page.goto(`${ISSUER}/protocol/openid-connect/logout`);
  await checkPage(page, "logout-confirm", "#kc-logout");
});

// Keycloak's delete-account confirmation (the docs site's "Delete my account", issue 18), in our theme: the reader
// signs in again, then this one page; in English and in Arabic (right to left). Nothing is deleted here.
for (const locale of ["en", "ar"]) {
  test(`delete-account confirmation (${locale})`, async ({ page }) => {
    const email = uniqueEmail(`delete-confirm-${locale}`);
    // A reader who chose the language (the user's locale: Keycloak's pages after the sign-in speak it).
    await createUser({ email, password: PASSWORD, attributes: { ...BACKGROUND, locale: [locale] } });
    await signInAt(page, `${authRequest({ locale }).url}&kc_action=delete_account`, { email, password: PASSWORD });
    await expect(page.locator("html")).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await checkPage(page, `delete-account-confirm-${locale}`, "#kc-deleteaccount-form");
    // The confirming button in the danger colour (the site's "Delete my account" is red too), not the green of "go on".
    expect(await page.locator("#kc-submit").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(201, 25, 11)");
  });
}

// The password asked again before the deletion (the site sends prompt=login with kc_action=delete_account): the
// address shown read-only is labelled, and keycloak.v2's hidden "Restart sign-in" tooltip beside it, wider than a
// phone once translated, does not make the page scroll sideways (it did in French at 360 px).
for (const locale of ["en", "fr", "ar"]) {
  test(`password asked again before deleting the account (${locale})`, async ({ page }) => {
    const email = uniqueEmail(`reauth-${locale}`);
    await createUser({ email, password: PASSWORD, attributes: { ...BACKGROUND, locale: [locale] } });
    await signInAt(page, authRequest({ locale }).url, { email, password: PASSWORD });
    await page.waitForURL((url) => !url.href.startsWith(`${ISSUER}/`));
    await page.goto(`${authRequest({ locale }).url}&prompt=login&kc_action=delete_account`);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expect(page.locator("#kc-attempted-username")).toHaveValue(email);
    await expect(page.getByLabel(/./).and(page.locator("#kc-attempted-username"))).toHaveCount(1);
    // Left to right in every language, the address as it reads.
    expect(await page.locator("#kc-attempted-username").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
    await checkPage(page, `reauth-delete-${locale}`, "#password");
  });
}

test("brute-force lock", async ({ page }) => {
  // A fresh reader locked by wrong passwords (the realm locks after five; quick successive failures lock too).
  const email = uniqueEmail("locked");
  const id = await createUser({ email, password: PASSWORD, attributes: BACKGROUND });
  await page.goto(authRequest().url);
  // Each attempt waits for its POST's answer: from the fourth on, the form asks for a proof of work, and the theme
  // holds it back until the page has solved it, while the previous page's error is still on screen.
  const attempt = async (password) => {
    await page.fill("#username", email);
    await page.fill("#password", password);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login-actions/authenticate")),
      page.click("#kc-login"),
    ]);
    await page.waitForLoadState();
  };
  for (let i = 0; i < 5; i++) {
    await attempt(`wrong password ${i}`);
    await expect(page.locator("#input-error-username")).toBeVisible();
  }
  await attempt(PASSWORD);
  expect((await admin("GET", `/${REALM}/attack-detection/brute-force/users/${id}`)).disabled).toBe(true);
  await expect(page.locator("#input-error-username")).toContainText(/try again later|reset your password/i);
  await checkPage(page, "locked", "#kc-form-login");
});

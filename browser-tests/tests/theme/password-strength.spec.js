// The password strength meter and the refusal of guessable passwords (issue 19), on the page where a password is
// chosen (Keycloak's update-password page: after the verification link, a reset link, or an admin's request), in
// English, French and Arabic, on a 320 px phone and a desktop: the meter says how hard the password is to guess
// before it is submitted, and a guessable one is refused with the hint (the page's message, where Keycloak puts it on
// that page). Axe on both.
import { test, expect } from "../../lib/test.js";
import { admin, BACKGROUND, createUser, uniqueEmail } from "../../lib/admin.js";
import { DOCS_SITE_URL, KEYCLOAK_URL, REALM } from "../../lib/env.js";
import { authRequest, callbackOf } from "../../lib/oidc.js";
import { mailLink, waitForMails } from "../../lib/mail.js";
import { expectAccessibleKeycloakPage, expectNoHorizontalScrollAt320, screenshots } from "../../lib/checks.js";
import { fillSignUp, NEW_PASSWORD, PASSWORD, reader, signInAt } from "../../lib/site.js";

// The words of each language: the meter's score words, its verdict, the policy's hint for a common password.
const WORDS = {
  en: { weak: "Password strength: very weak.", strong: "Password strength: very strong. Hard enough to guess.",
    common: "Too easy to guess: it is one of the most used passwords" },
  fr: { weak: "Robustesse du mot de passe\u00a0: très faible.", strong: "Robustesse du mot de passe\u00a0: très bonne. Assez difficile à deviner.",
    common: "Trop facile à deviner\u00a0: c’est l’un des mots de passe les plus utilisés" },
  ar: { weak: "قوة كلمة المرور: ضعيفة جداً.", strong: "قوة كلمة المرور: قوية جداً. صعبة التخمين بما يكفي.",
    common: "سهلة التخمين: فهي من أكثر كلمات المرور استعمالاً" },
};
const VIEWPORTS = { phone: { width: 320, height: 640 }, desktop: { width: 1280, height: 800 } };

/** Signs a new reader in who must choose a new password (UPDATE_PASSWORD): Keycloak's update-password page. */
async function signInPage(page, lang, tag) {
  const email = uniqueEmail(`strength-${tag}`);
  // The reader's language is theirs (the locale attribute), as after a sign-up in that language.
  await createUser({ email, password: PASSWORD, attributes: { ...BACKGROUND, locale: [lang] }, requiredActions: ["UPDATE_PASSWORD"] });
  await signInAt(page, authRequest({ locale: lang }).url, { email, password: PASSWORD });
  await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
}

/** Signs a new reader up as readers do (the form asks no password: the realm verifies addresses first), then follows
 * the verification link: "Choose a password". */
async function signUpPage(page, lang, tag) {
  const r = reader(uniqueEmail(`strength-signup-${tag}`));
  await page.goto(authRequest({ endpoint: "registrations", locale: lang }).url);
  await fillSignUp(page, r);
  // Nothing to judge yet: the form has no password field, so no meter.
  await expect(page.locator("#kc-register-form #password")).toHaveCount(0);
  await expect(page.locator("#password-meter")).toHaveCount(0);
  await page.click("#kc-register-form [type=submit]");
  await expect(page.locator("a[href*=\"execution=VERIFY_EMAIL\"]")).toBeVisible({ timeout: 30_000 });
  await page.goto(mailLink((await waitForMails(r.email))[0], "/login-actions/action-token"));
  await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
}

/** "Forgot password?" for a reader whose language is `lang`, then the link of the mail: "Choose a password". */
async function resetPage(page, lang, tag) {
  const email = uniqueEmail(`strength-reset-${tag}`);
  await createUser({ email, password: PASSWORD, attributes: { ...BACKGROUND, locale: [lang] } });
  await page.goto(authRequest({ locale: lang }).url);
  await page.click("a[href*='reset-credentials']");
  await page.fill("#username", email);
  await page.click("#kc-reset-password-form [type=submit]");
  await page.goto(mailLink((await waitForMails(email))[0], "/login-actions/action-token"));
  await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
}

/** The meter, as the reader types and before any submit; the page at 320 px; axe on the desktop. `fieldId`: the
 * password field's id ("password-new" on "Choose a password", "password" on a sign-up form that asks for one). */
async function expectMeter(page, lang, words, width, viewport, name, fieldId = "password-new") {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  const field = page.locator(`#${fieldId}`);
  const meter = page.locator("#password-meter");
  const status = page.locator("#password-meter-text");
  // Nothing typed, nothing shown.
  await expect(meter).toBeAttached();
  await expect(meter).toBeHidden();
  await field.fill("password");
  await expect(meter).toBeVisible();
  await expect(status).toContainText(words.weak);
  await expect(status).toContainText(words.common);
  await expect(meter).toHaveAttribute("data-enough", "false");
  await expect(field).toHaveAttribute("aria-describedby", /password-meter-text/);
  await expect(status).toHaveAttribute("aria-live", "polite");
  await field.fill(NEW_PASSWORD);
  await expect(status).toHaveText(words.strong);
  await expect(meter).toHaveAttribute("data-enough", "true");
  if (lang === "ar") {
    // Right to left: the words read from the right, and the bar fills from the right (inline-start).
    await expect(status).toHaveCSS("direction", "rtl");
    await expect(page.locator(".docs-password-meter__bar")).toHaveCSS("direction", "rtl");
  }
  await expectNoHorizontalScrollAt320(page);
  await page.setViewportSize(viewport);
  if (width === "desktop") await expectAccessibleKeycloakPage(page, name);
}

/** Waits until the meter shows its verdict on what was just typed (`verdict`, part of its text), which it also
 * checks. The meter's text grows or shrinks by lines and moves the submit button below it; it redraws at the next
 * frame after a keystroke (once 300 ms later, when a click whose press and release straddled the redraw sent
 * nothing: the test below). */
async function meterSettled(page, verdict) {
  await expect(page.locator("#password-meter-text")).toContainText(verdict);
}

/** A guessable password submitted anyway: refused, its hint the new-password field's error (aria-invalid, named by
 * aria-describedby), not the page's message; then a long passphrase goes through to the docs site. */
async function expectRefusedOnTheFieldThenAccepted(page, words, name) {
  const field = page.locator("#password-new");
  await field.fill("qwertyuiop");
  await page.fill("#password-confirm", "qwertyuiop");
  await meterSettled(page, words.common);
  await page.click("#kc-passwd-update-form [type=submit]");
  await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
  await expect(page.locator("#input-error-password-new")).toContainText(words.common);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAttribute("aria-describedby", /(^| )input-error-password-new( |$)/);
  await expect(page.locator(".pf-v5-c-alert")).toHaveCount(0); // no page message (keycloak.v2 draws one as an alert)
  await expect(page.locator("#input-error-password-confirm")).toHaveCount(0);
  if (name) await expectAccessibleKeycloakPage(page, name);

  const callback = callbackOf(page);
  await field.fill(NEW_PASSWORD);
  await page.fill("#password-confirm", NEW_PASSWORD);
  await meterSettled(page, words.strong);
  await page.click("#kc-passwd-update-form [type=submit]");
  await callback;
}

for (const [lang, words] of Object.entries(WORDS)) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    test(`${lang}, ${width}, update password at sign-in: the meter judges the password before it is sent; a guessable one is refused with the hint on the field`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await signInPage(page, lang, `${lang}-${width}`);
      await expectMeter(page, lang, words, width, viewport, `password-meter-${lang}`);
      if (lang !== "fr" && width === "phone") await screenshots(page, `password-meter-${lang}`);
      await expectRefusedOnTheFieldThenAccepted(page, words, width === "desktop" && `password-refused-${lang}`);
    });
  }
}

test("en, desktop: a click at once after the password is typed is not lost to the meter's redraw", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.desktop);
  await signInPage(page, "en", "click-at-once");
  await page.fill("#password-new", NEW_PASSWORD);
  await page.fill("#password-confirm", NEW_PASSWORD);
  await page.evaluate(() => new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame))));
  const box = await page.locator("#kc-passwd-update-form [type=submit]").boundingBox();
  const callback = callbackOf(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(400); // a person's press lasts this long; the old redraw (300 ms) landed inside it
  await page.mouse.up();
  await callback;
});

for (const lang of ["en", "fr"]) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    test(`${lang}, ${width}, sign-up as readers see it: the meter on "Choose a password" after the verification link; a guessable password is refused with the hint on the field`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await signUpPage(page, lang, `${lang}-${width}`);
      await expectMeter(page, lang, WORDS[lang], width, viewport, `signup-password-meter-${lang}`);
      await expectRefusedOnTheFieldThenAccepted(page, WORDS[lang], width === "desktop" && `signup-password-refused-${lang}`);
    });
  }

  test(`${lang}, reset: a guessable password is refused with the hint on the field`, async ({ page }) => {
    await resetPage(page, lang, lang);
    await expectRefusedOnTheFieldThenAccepted(page, WORDS[lang], `reset-password-refused-${lang}`);
  });
}

// A deployment that turns address verification off (REQUIRE_EMAIL_VERIFICATION=false) asks for the password on the
// sign-up form itself, and the meter is there. A throw-away realm with the docs realm's theme, languages, password
// policy and user profile, and verification off, so that the tests running beside these keep the docs realm as it is.
test.describe("sign-up with address verification off", () => {
  const NO_VERIFY = `docs-no-verify-${Math.random().toString(36).slice(2, 8)}`;
  test.beforeAll(async () => {
    const docs = await admin("GET", `/${REALM}`);
    await admin("POST", "", {
      // No event listener, as in the docs realm: a new realm's default (jboss-logging) would log a refused sign-up's
      // details, its e-mail address among them.
      realm: NO_VERIFY, enabled: true, verifyEmail: false, registrationAllowed: true, eventsListeners: [],
      ...Object.fromEntries(["loginTheme", "registrationEmailAsUsername", "passwordPolicy", "internationalizationEnabled",
        "supportedLocales", "defaultLocale"].map((key) => [key, docs[key]])),
      clients: [{ clientId: "docs-site", publicClient: true, standardFlowEnabled: true, redirectUris: [`${DOCS_SITE_URL}/*`] }],
    });
    await admin("PUT", `/${NO_VERIFY}/users/profile`, await admin("GET", `/${REALM}/users/profile`));
  });
  test.afterAll(async () => {
    await admin("DELETE", `/${NO_VERIFY}`);
  });

  for (const lang of ["en", "ar"]) {
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      test(`${lang}, ${width}: the meter judges the password on the sign-up form; a guessable one is refused with the hint on the field`, async ({ page }) => {
        await page.setViewportSize(viewport);
        const r = reader(uniqueEmail(`strength-no-verify-${lang}-${width}`));
        await page.goto(authRequest({ endpoint: "registrations", locale: lang, issuer: `${KEYCLOAK_URL}/realms/${NO_VERIFY}` }).url);
        await fillSignUp(page, r);
        await expect(page.locator("#kc-register-form #password")).toBeVisible();
        await expectMeter(page, lang, WORDS[lang], width, viewport, `signup-form-password-meter-${lang}`, "password");
        if (width === "phone") await screenshots(page, `signup-form-password-meter-${lang}`);

        await page.fill("#password", "qwertyuiop");
        await page.fill("#password-confirm", "qwertyuiop");
        await meterSettled(page, WORDS[lang].common);
        await page.click("#kc-register-form [type=submit]");
        await expect(page.locator("#input-error-password")).toContainText(WORDS[lang].common);
        await expect(page.locator("#password")).toHaveAttribute("aria-invalid", "true");
        // Nothing typed is lost but the password (Keycloak clears password fields on a refused form).
        await expect(page.locator("#email")).toHaveValue(r.email);
        expect(await admin("GET", `/${NO_VERIFY}/users?email=${encodeURIComponent(r.email)}&exact=true`)).toEqual([]);
      });
    }
  }
});

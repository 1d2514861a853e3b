// The docs site in English, French and Arabic (Docusaurus i18n: /, /fr/, /ar/), against the real Keycloak:
// - the Account page in each locale at 320 px and desktop, light and dark, with axe, nothing scrolling sideways at
//   320 px, `lang` and `dir` of the locale (rtl for Arabic), its own words and the adapter's (the navbar's sign-in
//   control) in the locale's language; screenshots in build/screenshots/locale-account-<locale>-<width>-<scheme>.png;
// - sign-up from /fr/ and sign-in from /ar/ open Keycloak's pages in that language (the site sends OIDC
//   `ui_locales`), and the reader comes back to the same locale's page, signed in; sign-out from /fr/ lands on /fr/;
// - "Delete my account" from /fr/account: Keycloak's sign-in and confirmation in French, and the reader is gone.
import fs from "node:fs";
import { test, expect } from "../../lib/test.js";
import { findUser, uniqueEmail } from "../../lib/admin.js";
import { SCHEMES, WIDTHS, expectNoHorizontalScrollAt320, horizontalOverflow } from "../../lib/checks.js";
import { ISSUER, SCREENSHOTS } from "../../lib/env.js";
import { authControl, expectAccessible, fillSignIn, fillSignUp, reader, siteUrl, submitSignUp } from "../../lib/site.js";

/** What each locale's pages must say: the site's words (i18n/<locale>/code.json) and our Keycloak theme's. */
const LOCALES = {
  en: {
    dir: "ltr",
    title: "Your account",
    level: "Beginner",
    download: "Download my data",
    delete: "Delete my account",
    consent: "Use my background to tailor the assistant's answers",
    signIn: "Sign in",
    signUp: "Sign up",
    signOut: "Sign out",
    account: "Account",
    keycloakSignIn: "Sign in to Docs",
    keycloakSignUp: "Create your Docs account",
  },
  fr: {
    dir: "ltr",
    title: "Votre compte",
    level: "Débutant",
    download: "Télécharger mes données",
    delete: "Supprimer mon compte",
    consent: "Utiliser mon parcours pour adapter les réponses de l’assistant",
    signIn: "Se connecter",
    signUp: "S’inscrire",
    signOut: "Se déconnecter",
    account: "Compte",
    keycloakSignIn: "Se connecter à Docs",
    keycloakSignUp: "Créer votre compte Docs",
  },
  ar: {
    dir: "rtl",
    title: "حسابك",
    level: "مبتدئ",
    download: "تنزيل بياناتي",
    delete: "حذف حسابي",
    consent: "استخدام خلفيتي لتكييف إجابات المساعد",
    signIn: "تسجيل الدخول",
    signUp: "إنشاء حساب",
    signOut: "تسجيل الخروج",
    account: "الحساب",
    keycloakSignIn: "تسجيل الدخول إلى Docs",
    keycloakSignUp: "أنشئ حسابك في Docs",
  },
};

/** The site's URL of this path, with or without a trailing slash: npm `serve` sends /fr/ on to /fr, nginx does not. */
const atPath = (pathname) => (url) => url.origin === new URL(siteUrl("/")).origin && url.pathname.replace(/\/$/, "") === pathname.replace(/\/$/, "");

/** The locale's path of a page: "/account" in French is "/fr/account". */
const localePath = (locale, pathname) => (locale === "en" ? pathname : `/${locale}${pathname === "/" ? "/" : pathname}`);

async function expectLanguage(page, locale) {
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  await expect(page.locator("html")).toHaveAttribute("dir", LOCALES[locale].dir);
}

/** The navbar's control once the session is known, signed in as `email`, in the locale's words. */
async function expectSignedInIn(page, locale, email) {
  const control = await authControl(page);
  await expect(control).toHaveAttribute("data-status", "signed-in");
  await expect(control.locator(".docs-auth-button__name")).toHaveText(email);
  await expect(control.getByRole("button", { name: LOCALES[locale].signOut })).toBeVisible();
}

/** Signs a new reader up from the locale's home page; Keycloak's registration page in that language. */
async function signUpFrom(page, locale, r) {
  const home = localePath(locale, "/");
  await page.goto(siteUrl(home));
  await expectLanguage(page, locale);
  await (await authControl(page)).getByRole("button", { name: LOCALES[locale].signUp }).click();
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  await expect(page.locator("body")).toContainText(LOCALES[locale].keycloakSignUp);
  await fillSignUp(page, r);
  await submitSignUp(page, r);
  await page.waitForURL(atPath(home));
  await expectSignedInIn(page, locale, r.email);
}

test("the Account page in English, French and Arabic: 320 px and desktop, light and dark, axe, the locale's words, lang and dir", async ({ page }) => {
  test.setTimeout(300_000);
  const r = reader(uniqueEmail("locale-account"), "beginner");
  await signUpFrom(page, "fr", r);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [locale, words] of Object.entries(LOCALES)) {
    await page.setViewportSize(WIDTHS.desktop);
    await page.goto(siteUrl(localePath(locale, "/account")));
    await expectLanguage(page, locale);
    // The page's own words and the adapter's, in the locale's language.
    await expect(page.locator("main h1")).toHaveText(words.title);
    await expect(page.getByTestId("account-level")).toHaveText(words.level);
    await expect(page.getByTestId("account-download")).toHaveText(words.download);
    await expect(page.getByTestId("account-delete")).toHaveText(words.delete);
    await expect(page.getByText(words.consent)).toBeVisible();
    await expect(page.locator(".navbar").getByRole("link", { name: words.account, exact: true }).first()).toBeAttached();
    await expectSignedInIn(page, locale, r.email);
    for (const viewport of [{ width: 320, height: 640 }, WIDTHS.desktop]) {
      await page.setViewportSize(viewport);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await expect(page.locator("html")).toHaveAttribute("data-theme", colorScheme);
        await expectAccessible(page);
        if (viewport.width === 320) expect(await horizontalOverflow(page), `${locale}: sideways scrolling at 320 px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${SCREENSHOTS}locale-account-${locale}-${viewport.width}-${colorScheme}.png`, fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await expectNoHorizontalScrollAt320(page);
  }
});

test("sign-in from /ar/ opens Keycloak's page in Arabic and comes back to /ar/, signed in; sign-out from /fr/ lands on /fr/", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  const r = reader(uniqueEmail("locale-sign-in"), "beginner");
  await signUpFrom(page, "fr", r);

  // Sign-out from the French site: Keycloak's post-logout redirect is the French home page.
  await page.goto(siteUrl("/fr/account"));
  await (await authControl(page)).getByRole("button", { name: LOCALES.fr.signOut }).click();
  await page.waitForURL(atPath("/fr/"));
  await expect((await authControl(page)).getByRole("button", { name: LOCALES.fr.signIn })).toBeVisible();

  // Sign-in from the Arabic Account page: Keycloak's form in Arabic, right to left; back on that page.
  await page.goto(siteUrl("/ar/account"));
  const authorization = page.waitForRequest((req) => req.url().startsWith(`${ISSUER}/protocol/openid-connect/auth`));
  await (await authControl(page)).getByRole("button", { name: LOCALES.ar.signIn }).click();
  expect(new URL((await authorization).url()).searchParams.get("ui_locales")).toBe("ar");
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("body")).toContainText(LOCALES.ar.keycloakSignIn);
  await fillSignIn(page, r);
  await page.click("#kc-form-login [type=submit]");
  await page.waitForURL(siteUrl("/ar/account"));
  await expectSignedInIn(page, "ar", r.email);
  await expect(page.getByTestId("account-level")).toHaveText(LOCALES.ar.level);
});

test("Delete my account from /fr/account: Keycloak's sign-in and confirmation in French, and the reader is gone", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  const r = reader(uniqueEmail("locale-delete"), "beginner");
  await signUpFrom(page, "fr", r);
  await page.goto(siteUrl("/fr/account"));
  await page.getByTestId("account-delete").click();
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.locator("#password")).toBeVisible();
  const username = page.locator("#username");
  if ((await username.count()) > 0 && (await username.isEditable())) await page.fill("#username", r.email);
  await page.fill("#password", r.password);
  await page.click("#kc-form-login [type=submit]");
  const form = page.locator("#kc-deleteaccount-form");
  await expect(form).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}locale-delete-confirm-fr.png`, fullPage: true });
  const confirm = page.locator("#kc-submit");
  await expect(confirm).toHaveText("Confirmer la suppression"); // Keycloak's French words (ours are en/fr/ar too)
  await confirm.click();
  await expect(page.locator("body")).toContainText(/supprimé/i);
  await expect.poll(() => findUser(r.email)).toBeNull();
});

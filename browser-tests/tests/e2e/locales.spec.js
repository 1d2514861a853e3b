// The docs site in English, French and Arabic (Docusaurus i18n: /, /fr/, /ar/), against the real Keycloak:
// - the Account page in each locale at 320 px and desktop, light and dark, with axe, nothing scrolling sideways at
//   320 px, `lang` and `dir` of the locale (rtl for Arabic), its own words and the adapter's (the navbar's sign-in
//   control) in the locale's language; screenshots in build/screenshots/locale-account-<locale>-<width>-<scheme>.png;
// - sign-up from /fr/ and sign-in from /ar/ open Keycloak's pages in that language (the site sends OIDC
//   `ui_locales`), and the reader comes back to the same locale's page, signed in; sign-out from /fr/ lands on /fr/;
// - "Delete my account" from /fr/account: Keycloak's sign-in and confirmation in French, and the reader is gone;
// - on /fr/ and /ar/ (the home page's chat box with an answer, /docs/profile, /members, /404), none of a
//   list of the site's and Docusaurus's English words shows in text, titles, placeholders or screen-reader labels
//   that claim the locale's language (English articles not translated yet are marked lang="en": left out);
// - an English article on /ar/ reads left to right (its computed direction), the site's words inside it right to left;
// - the phone menu at 360 px in French and Arabic, signed in: axe on the open menu (the sign-in control is a list
//   item of the menu), the reader's address shown whole and the sign-out button inside the side panel.
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

/**
 * English words of the site (src/), of Docusaurus's theme (i18n/<locale>/code.json) and of the page titles that a
 * French or Arabic page must not show: each as a whole phrase.
 */
const ENGLISH = [
  // The chat box (src/components/Chatbot.tsx), with an answer for a beginner.
  "Ask the docs assistant", "How do access tokens expire?", "Ask", "Answer for a", "Answer for an", "beginner",
  "General answer",
  // /docs/profile (src/components/YourBackground.tsx) and the Members page.
  "E-mail address", "Experience level", "Professional role", "Organization", "Edit your background",
  "Change e-mail address", "verified", "not verified yet", "Sign in to see the background", "Members",
  "Welcome back", "The API knows you as", "You have asked the assistant",
  // Page titles and the 404 page.
  "Home", "Page Not Found", "We could not find what you were looking for",
  // Docusaurus's screen-reader labels.
  "Close navigation bar", "Toggle navigation bar", "Main", "Docs sidebar", "Expand the dropdown", "Collapse the dropdown",
  "system mode", "opens in new tab", "Skip to main content", "Switch between dark and light mode",
];

/**
 * The phrases of ENGLISH in the page's text (visible), its title and its elements' aria-label, title, placeholder
 * and alt, wherever the nearest `lang` is the page's (so an article marked lang="en" is left out).
 */
function englishShown(page, lang) {
  return page.evaluate(({ phrases, lang }) => {
    const inLocale = (el) => el.closest("[lang]")?.getAttribute("lang") === lang;
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el && inLocale(el) && el.checkVisibility()) texts.push(node.textContent);
    }
    for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
      if (!inLocale(el)) continue;
      for (const name of ["aria-label", "title", "placeholder", "alt"]) texts.push(el.getAttribute(name) ?? "");
    }
    const all = texts.join("\n");
    const escape = (p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return phrases.filter((p) => new RegExp(`(^|[^A-Za-z])${escape(p)}([^A-Za-z]|$)`).test(all));
  }, { phrases: ENGLISH, lang });
}

/** Full-page screenshots at 360 px and desktop: build/screenshots/<name>-<width>.png. */
async function pageShots(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const viewport of [{ width: 360, height: 740 }, WIDTHS.desktop]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${viewport.width}.png`, fullPage: true });
  }
}

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
  await expect(page.getByText("Pour supprimer votre compte, saisissez votre mot de passe.", { exact: false })).toBeVisible();
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
  // The reader's account, in our words, not Keycloak's "Utilisateur supprimé avec succès".
  await expect(page.locator("body")).toContainText("Votre compte a été supprimé.");
  await expect.poll(() => findUser(r.email)).toBeNull();
});

test("/fr/ and /ar/ show none of the site's or Docusaurus's English words: the chat box and its answer, /docs/profile, /members, the 404 page", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  const r = reader(uniqueEmail("locale-words"), "beginner");
  await signUpFrom(page, "fr", r);
  for (const locale of ["fr", "ar"]) {
    // The home page, with an answer: the chat's label, placeholder, button and the reader's level.
    await page.goto(siteUrl(localePath(locale, "/")));
    await expectLanguage(page, locale);
    await page.fill("#docs-question", "How do tokens expire?");
    await page.locator("#docs-question ~ button[type=submit]").click();
    await expect(page.getByTestId("chatbot-answer")).toContainText(LOCALES[locale].level.toLocaleLowerCase());
    expect(await englishShown(page, locale), `${locale} /`).toEqual([]);
    // The question typed in English and the assistant's answer (English, from the API) keep their own direction, on
    // /ar/ too.
    expect(await page.locator("#docs-question").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
    expect(await page.getByTestId("chatbot-answer").locator("p[dir=auto]").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
    await pageShots(page, `locale-words-${locale}-home`);
    // Not a missing page: npm `serve` answers any missing path with the English build's 404.html (README).
    for (const pathname of ["/docs/profile", "/members", "/404"]) {
      await page.goto(siteUrl(localePath(locale, pathname)));
      await expectLanguage(page, locale);
      if (pathname === "/docs/profile") {
        await expect(page.getByTestId("experience-level")).toHaveText(LOCALES[locale].level);
        // The address reads left to right in the right-to-left table.
        expect(await page.getByTestId("email").locator("bdi").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
        // On a phone the table fits its column: a long address breaks in its cell, never cut (it was at 360 px).
        await page.setViewportSize({ width: 360, height: 740 });
        const details = page.getByTestId("background-details");
        expect(await details.evaluate((el) => el.scrollWidth - el.clientWidth), `${locale} details table`).toBeLessThanOrEqual(0);
        await expect(page.getByTestId("email")).toContainText(r.email);
        await page.setViewportSize(WIDTHS.desktop);
      }
      if (pathname === "/members") await expect(page.getByTestId("members-me")).toContainText(r.email);
      if (pathname === "/404") await expect(page.locator("main h1")).toBeVisible();
      expect(await englishShown(page, locale), `${locale} ${pathname}`).toEqual([]);
      await pageShots(page, `locale-words-${locale}${pathname.replaceAll("/", "-")}`);
    }
  }
});

// French typography in the site's French words: a no-break space (U+00A0 before the colon, U+202F elsewhere) before
// ? ! ; : » and after «, never an ordinary one, so a line never breaks before the mark (the theme's French messages are
// held to the same rule by keycloak-extensions' FrenchTypographyTest).
test("the site's French words keep a no-break space before ? ! ; : » and after «", () => {
  const messages = JSON.parse(fs.readFileSync(new URL("../../../examples/docs-site/i18n/fr/code.json", import.meta.url), "utf8"));
  const breakable = Object.entries(messages).filter(([, { message }]) => / [?!;:»]|« /.test(message)).map(([id]) => id);
  expect(breakable).toEqual([]);
});

test("an English article on /ar/ reads left to right (marked lang=\"en\"), the site's own words in it right to left", async ({ page }) => {
  await page.setViewportSize(WIDTHS.desktop);
  await page.goto(siteUrl("/ar/docs/profile"));
  await expectLanguage(page, "ar");
  // The article's first paragraph (docs/profile.mdx, not translated yet): English, left to right.
  const paragraph = page.locator("article .markdown > p").first();
  await expect(paragraph).toBeVisible();
  expect(await paragraph.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
  expect(await paragraph.evaluate((el) => el.closest("[lang]").getAttribute("lang"))).toBe("en");
  // The site's component in it (YourBackground, signed out): Arabic, right to left.
  const own = page.locator("article .markdown p", { hasText: "سجّل الدخول" });
  await expect(own).toBeVisible();
  expect(await own.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  expect(await own.evaluate((el) => el.closest("[lang]").getAttribute("lang"))).toBe("ar");
  // The English site's own article is not marked: it is in the page's language.
  await page.goto(siteUrl("/docs/profile"));
  const english = page.locator("article .markdown > p").first();
  await expect(english).toBeVisible();
  expect(await english.evaluate((el) => el.closest("[lang]").tagName)).toBe("HTML");
});

test("the phone menu at 360 px in French and Arabic, signed in: axe, the control a list item, the address whole, sign-out inside the panel", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  // A long address, as a reader may have: it must not push the sign-out button out of the panel.
  const r = reader(uniqueEmail("locale-phone-menu-with-a-long-address"), "beginner");
  await signUpFrom(page, "fr", r);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const locale of ["fr", "ar"]) {
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      // Not a docs page: there the menu opens on the docs' sidebar, the main menu one step back.
      await page.goto(siteUrl(localePath(locale, "/members")));
      await expectLanguage(page, locale);
      await expectSignedInIn(page, locale, r.email);
      await page.locator(".navbar__toggle").click();
      const panel = page.locator(".navbar-sidebar");
      const control = panel.locator(".docs-auth-button");
      await expect(control).toHaveAttribute("data-status", "signed-in");
      // The control is a list item of the menu's list (axe's "list" rule), and axe finds nothing on the open menu.
      await expect(panel.locator("ul.menu__list > li .docs-auth-button")).toHaveCount(1);
      await expectAccessible(page);
      expect(await englishShown(page, locale), `${locale}: the open menu`).toEqual([]);
      // The address is shown whole (it wraps), with its full form as the title, and the sign-out button lies inside
      // the panel's box.
      const name = control.locator(".docs-auth-button__name");
      await expect(name).toHaveText(r.email);
      expect(await name.evaluate((el) => el.scrollWidth - el.clientWidth), `${locale}: the address is cut`).toBeLessThanOrEqual(0);
      const box = await panel.boundingBox();
      for (const part of [name, control.getByRole("button", { name: LOCALES[locale].signOut })]) {
        await expect(part).toBeVisible();
        const inner = await part.boundingBox();
        expect(inner.x, `${locale}: left of the panel`).toBeGreaterThanOrEqual(box.x - 1);
        expect(inner.x + inner.width, `${locale}: right of the panel`).toBeLessThanOrEqual(box.x + box.width + 1);
      }
      await page.screenshot({ path: `${SCREENSHOTS}locale-phone-menu-${locale}-360-${colorScheme}.png` });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
});

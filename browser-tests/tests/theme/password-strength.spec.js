// The password strength meter and the refusal of guessable passwords (issue 19), on the page where a password is
// chosen (Keycloak's update-password page: after the verification link, a reset link, or an admin's request), in
// English, French and Arabic, on a 320 px phone and a desktop: the meter says how hard the password is to guess
// before it is submitted, and a guessable one is refused with the hint (the page's message, where Keycloak puts it on
// that page). Axe on both.
import { test, expect } from "../../lib/test.js";
import { BACKGROUND, createUser, uniqueEmail } from "../../lib/admin.js";
import { authRequest } from "../../lib/oidc.js";
import { expectAccessibleKeycloakPage, expectNoHorizontalScrollAt320, screenshots } from "../../lib/checks.js";
import { PASSWORD } from "../../lib/site.js";

const PASSPHRASE = "tidal quarry lantern bloom";
// The words of each language: the meter's score words, its verdict, the policy's hint for a common password.
const WORDS = {
  en: { weak: "Password strength: very weak.", strong: "Password strength: very strong. Hard enough to guess.",
    common: "Too easy to guess: it is one of the most used passwords" },
  fr: { weak: "Robustesse du mot de passe : très faible.", strong: "Robustesse du mot de passe : très bonne. Assez difficile à deviner.",
    common: "Trop facile à deviner : c’est l’un des mots de passe les plus utilisés" },
  ar: { weak: "قوة كلمة المرور: ضعيفة جداً.", strong: "قوة كلمة المرور: قوية جداً. صعبة التخمين بما يكفي.",
    common: "سهلة التخمين: فهي من أكثر كلمات المرور استعمالاً" },
};
const VIEWPORTS = { phone: { width: 320, height: 640 }, desktop: { width: 1280, height: 800 } };

/** Signs a new reader in who must choose a new password (UPDATE_PASSWORD): Keycloak's update-password page. */
async function updatePasswordPage(page, lang, tag) {
  const email = uniqueEmail(`strength-${tag}`);
  // The reader's language is theirs (the locale attribute), as after a sign-up in that language.
  await createUser({ email, password: PASSWORD, attributes: { ...BACKGROUND, locale: [lang] }, requiredActions: ["UPDATE_PASSWORD"] });
  await page.goto(authRequest({ locale: lang }).url);
  await page.fill("#username", email);
  await page.fill("#password", PASSWORD);
  await page.click("#kc-login");
  await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
}

for (const [lang, words] of Object.entries(WORDS)) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    test(`${lang}, ${width}: the meter judges the password before it is sent; a guessable one is refused with the hint`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await updatePasswordPage(page, lang, `${lang}-${width}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      const field = page.locator("#password-new");
      const meter = page.locator("#password-meter");
      const status = page.locator("#password-meter-text");

      // Nothing typed, nothing shown; then as the reader types, before any submit.
      await expect(meter).toBeAttached();
      await expect(meter).toBeHidden();
      await field.fill("password");
      await expect(meter).toBeVisible();
      await expect(status).toContainText(words.weak);
      await expect(status).toContainText(words.common);
      await expect(meter).toHaveAttribute("data-enough", "false");
      await expect(field).toHaveAttribute("aria-describedby", /password-meter-text/);
      await expect(status).toHaveAttribute("aria-live", "polite");
      await field.fill(PASSPHRASE);
      await expect(status).toHaveText(words.strong);
      await expect(meter).toHaveAttribute("data-enough", "true");
      if (lang === "ar") {
        // Right to left: the words read from the right, and the bar fills from the right (inline-start).
        await expect(status).toHaveCSS("direction", "rtl");
        await expect(page.locator(".docs-password-meter__bar")).toHaveCSS("direction", "rtl");
      }
      await expectNoHorizontalScrollAt320(page);
      await page.setViewportSize(viewport);
      if (width === "desktop") await expectAccessibleKeycloakPage(page, `password-meter-${lang}`);
      if (lang !== "fr" && width === "phone") await screenshots(page, `password-meter-${lang}`);

      // Submitted anyway: refused with the hint, as the page's message above the field (Keycloak's update-password
      // page puts a refused password there), and the meter says the same at once.
      await field.fill("qwertyuiop");
      await page.fill("#password-confirm", "qwertyuiop");
      await page.click("#kc-passwd-update-form [type=submit]");
      await expect(page.locator("#kc-passwd-update-form")).toBeVisible();
      await expect(page.locator(".kc-feedback-text")).toContainText(words.common);
      if (width === "desktop") await expectAccessibleKeycloakPage(page, `password-refused-${lang}`);

      // A long passphrase goes through.
      await page.fill("#password-new", PASSPHRASE);
      await page.fill("#password-confirm", PASSPHRASE);
      await page.click("#kc-passwd-update-form [type=submit]");
      await expect(page.locator("#kc-passwd-update-form")).toHaveCount(0);
    });
  }
}


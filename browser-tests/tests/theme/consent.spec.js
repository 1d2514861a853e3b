// The consent to personalisation (user-profile attribute personalizationConsent): one unticked box with one
// sentence in the background group of the sign-up form, in every language of the theme; the same box on the
// update-profile page (kc_action=UPDATE_PROFILE) and in the account console, where ticking it stores "true" and
// unticking it removes it.
import { test, expect } from "../../lib/test.js";
import { createUser, findUser, uniqueEmail } from "../../lib/admin.js";
import { authRequest, callbackOf } from "../../lib/oidc.js";
import { DOCS_SITE_URL, ISSUER } from "../../lib/env.js";
import { expectAccessibleKeycloakPage, expectNoHorizontalScrollAt320, screenshots, smallTouchTargets, WIDTHS } from "../../lib/checks.js";
import { CONSENT_BOX, PASSWORD, signInAt } from "../../lib/site.js";

const SENTENCE = {
  en: "Use my background to tailor the assistant’s answers",
  fr: "Utiliser mon parcours pour adapter les réponses de l’assistant",
  ar: "استخدم خلفيتي لتكييف إجابات المساعد",
};
const NO_CONSENT = { experienceLevel: ["beginner"], professionalRole: ["student"] };

for (const [locale, sentence] of Object.entries(SENTENCE)) {
  test(`sign-up (${locale}): one unticked box with the sentence, in the background group`, async ({ page }) => {
    await page.goto(authRequest({ endpoint: "registrations", locale }).url);
    const boxes = page.locator("input[type=checkbox][name=personalizationConsent]");
    await expect(boxes).toHaveCount(1);
    await expect(boxes).not.toBeChecked();
    await expect(page.getByLabel(sentence, { exact: true })).toBeVisible();
    // After the other background fields, before the buttons.
    const order = await page.evaluate(() => [...document.querySelectorAll("#kc-register-form [name]")].map((el) => el.name));
    expect(order.indexOf("personalizationConsent")).toBeGreaterThan(order.indexOf("organization"));
    if (locale === "ar") {
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await page.setViewportSize(WIDTHS.desktop);
      const box = await page.locator(CONSENT_BOX).boundingBox();
      const label = await page.locator(`label[for="${CONSENT_BOX.slice(1)}"]`).boundingBox();
      expect(box.x, "right to left: the box on the right of its sentence").toBeGreaterThan(label.x);
    }
    await expectNoHorizontalScrollAt320(page);
    await page.setViewportSize(WIDTHS.phone);
    expect((await smallTouchTargets(page)).filter((t) => t.includes("personalizationConsent"))).toEqual([]);
    await expectAccessibleKeycloakPage(page, `signup-consent-${locale}`);
    await screenshots(page, `signup-consent-${locale}`);
  });
}

// This test's two flows must be the only sign-ins of its browser. Keycloak 26 keeps one authentication session per
// browser, a tab each; when a sign-in of the browser completes, the tabs still open expire at once (their pages are
// to be reloaded by its authChecker.js and signed in by the session cookie), and two authorization requests that
// arrive together, while the browser has a Keycloak session but no authentication session, each re-create it: the
// first to finish removes it, and the other's tab is dropped. Either way the open update-profile form's submit
// comes back as the same form, the change not saved (7 runs in 20 on the loaded 2-core machine). The docs site's
// callback page starts such a sign-in: given a state it never stored, it signs in silently (prompt=none in a hidden
// frame, frontend-adapter/src/startup.ts) while the test opens its next form. Playwright cannot answer the callback
// itself (a redirect's target is never routed), so the site's scripts are refused there: its page stays inert.
test("update profile (kc_action): the box ticks and unticks the consent", async ({ page }) => {
  const email = uniqueEmail("consent-update-profile");
  await createUser({ email, password: PASSWORD, attributes: NO_CONSENT });
  await page.route(`${DOCS_SITE_URL}/assets/**`, (route) => route.abort());
  const authorizationRequests = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${ISSUER}/protocol/openid-connect/auth`)) authorizationRequests.push(request.url());
  });
  const updateProfile = () => `${authRequest().url}&kc_action=UPDATE_PROFILE`;
  const submitAndReturn = async () => {
    const callback = callbackOf(page);
    await page.click("#kc-update-profile-form [type=submit]");
    expect((await callback).searchParams.get("kc_action_status"), "Keycloak applied the form").toBe("success");
  };
  await signInAt(page, updateProfile(), { email, password: PASSWORD });
  await expect(page.locator("#kc-update-profile-form")).toBeVisible();
  await expect(page.locator(CONSENT_BOX)).not.toBeChecked();
  await expectAccessibleKeycloakPage(page, "update-profile-consent");
  await page.check(CONSENT_BOX);
  await submitAndReturn();
  await expect.poll(async () => (await findUser(email)).attributes.personalizationConsent).toEqual(["true"]);

  await page.goto(updateProfile());
  await expect(page.locator(CONSENT_BOX)).toBeChecked();
  await page.uncheck(CONSENT_BOX);
  await submitAndReturn();
  await expect.poll(async () => (await findUser(email)).attributes.personalizationConsent).toBeUndefined();
  expect((await findUser(email)).attributes.experienceLevel).toEqual(["beginner"]);
  expect(authorizationRequests, "no sign-in of the docs site's beside the test's two").toHaveLength(2);
});

// The account console loads (its content.json is not gzipped by Keycloak: scripts/stack.py, KC_GZIP_EXCLUDED; it
// was blank before, the gzip sent as identity).
test("account console: the box with the sentence gives and withdraws the consent", async ({ page }) => {
  const email = uniqueEmail("consent-account-console");
  await createUser({ email, password: PASSWORD, attributes: NO_CONSENT });
  await signInAt(page, `${ISSUER}/account/`, { email, password: PASSWORD });
  const box = page.getByLabel(SENTENCE.en, { exact: true });
  await expect(box).toBeVisible({ timeout: 30_000 });
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect.poll(async () => (await findUser(email)).attributes.personalizationConsent).toEqual(["true"]);

  await page.reload();
  await expect(box).toBeChecked({ timeout: 30_000 });
  await box.uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect.poll(async () => (await findUser(email)).attributes.personalizationConsent).toBeUndefined();
  expect((await findUser(email)).attributes.professionalRole).toEqual(["student"]);
});

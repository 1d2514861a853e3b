// Translations: a locale switcher on every page; French; Arabic laid out right to left.
import { test, expect } from "../../lib/test.js";
import { authRequest } from "../../lib/oidc.js";
import { expectNoHorizontalScrollAt320, screenshots, WIDTHS } from "../../lib/checks.js";

test("the locale switcher offers English, French and Arabic and switches the page", async ({ page }) => {
  await page.goto(authRequest().url);
  const switcher = page.locator("#login-select-toggle");
  await expect(switcher.locator("option")).toHaveText([/Arabic/, /English/, /French/]);
  await Promise.all([page.waitForURL(/kc_locale=fr/), switcher.selectOption({ label: "French (Français)" })]);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.locator("#kc-page-title")).toHaveText("Se connecter à Docs");
  await page.click("a[href*='registration']");
  await expect(page.locator("label[for=experienceLevel]")).toContainText("Niveau d’expérience");
  await expect(page.locator("#professionalRole option[value=other]")).toHaveText("Autre");
});

test("Arabic renders right to left, mirrored", async ({ page }) => {
  await page.goto(authRequest({ endpoint: "registrations", locale: "ar" }).url);
  const html = page.locator("html");
  await expect(html).toHaveAttribute("dir", "rtl");
  await expect(html).toHaveAttribute("lang", "ar");
  await expect(page.locator("label[for=experienceLevel]")).toContainText("مستوى الخبرة");
  await expect(page.locator("#experienceLevel option").first()).toHaveText("اختر…");

  await page.setViewportSize(WIDTHS.desktop);
  // Mirrored: the site name starts on the right, the back link sits on the left; labels align right.
  const brand = await page.locator(".docs-brand").boundingBox();
  const back = await page.locator(".docs-back").boundingBox();
  expect(brand.x).toBeGreaterThan(back.x);
  const label = await page.locator("label[for=email]").boundingBox();
  const input = await page.locator("#email").boundingBox();
  expect(label.x + label.width).toBeCloseTo(input.x + input.width, -1);
  expect(label.x).toBeGreaterThan(input.x + input.width / 2);
  // The address typed reads left to right, from the field's left edge (right to left, a long one lost its start).
  expect(await page.locator("#email").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");

  await expectNoHorizontalScrollAt320(page);
  await screenshots(page, "signup-rtl");
});

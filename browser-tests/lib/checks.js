// Checks every page of a reader's journey gets: it fits a 320 px phone, keeps 44 px touch targets, and is
// photographed at phone and desktop width, light and dark.
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { describeViolations, runAxe } from "./axe.js";
import { SCREENSHOTS } from "./env.js";

export const WIDTHS = { phone: { width: 375, height: 812 }, desktop: { width: 1280, height: 800 } };
export const SCHEMES = ["light", "dark"];

/** The page's horizontal overflow in CSS pixels at the current viewport (0 when nothing scrolls sideways). */
export const horizontalOverflow = (page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);

export async function expectNoHorizontalScrollAt320(page) {
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await horizontalOverflow(page), "horizontal scrolling at 320 px").toBeLessThanOrEqual(0);
}

/** Visible controls smaller than 44x44 px (a checkbox or radio counts with its label). */
export function smallTouchTargets(page) {
  return page.evaluate(() => {
    const small = [];
    for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea")) {
      const style = getComputedStyle(el);
      if (style.visibility === "hidden" || el.getClientRects().length === 0) continue;
      let box = el.getBoundingClientRect();
      const label = el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if ((el.type === "checkbox" || el.type === "radio") && label) box = label.getBoundingClientRect();
      // Links inside running text are exempt (WCAG 2.5.8 "inline"); stand-alone links are not.
      const inline = el.tagName === "A" && getComputedStyle(el).display === "inline" && el.parentElement.closest("p");
      if (inline) continue;
      if (box.height < 44 || box.width < 44) small.push(`${el.tagName.toLowerCase()}#${el.id || el.name || el.textContent.trim().slice(0, 20)} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return small;
  });
}

/** Screenshots at both widths, light and dark, as build/screenshots/<name>-<width>-<scheme>.png. */
export async function screenshots(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [widthName, viewport] of Object.entries(WIDTHS)) {
    await page.setViewportSize(viewport);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      // keycloak.v2 switches PatternFly's dark class from prefers-color-scheme; wait until it has.
      await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /pf-v5-theme-dark/ : /^(?!.*pf-v5-theme-dark)/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${widthName}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Our theme's header: the docs site's name linking back to the site, on every page. */
export async function expectDocsHeader(page) {
  const brand = page.locator("#kc-header a.docs-brand");
  await expect(brand).toHaveText(/Docs/);
  expect(await brand.getAttribute("href")).toMatch(/\/realms\/docs\/clients\/docs-site\/redirect$/);
}

/** Axe on a Keycloak page in both colour schemes (keycloak.v2 switches its dark class from the media query);
 * serious or critical findings fail the page. */
export async function expectAccessibleKeycloakPage(page, name) {
  await page.setViewportSize(WIDTHS.desktop);
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /pf-v5-theme-dark/ : /^(?!.*pf-v5-theme-dark)/);
    const { severe, byImpact } = await runAxe(page);
    console.log(`[axe] ${name} (${colorScheme}): ${JSON.stringify(byImpact)}`);
    expect(severe, describeViolations(severe)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

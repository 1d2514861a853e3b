// Ours against the baseline: the sign-up page of stock keycloak.v2 with only the realm's user profile (a second,
// throw-away realm, so the other tests keep our theme). Prints page weight and axe results of both.
import { test, expect } from "../../lib/test.js";
import { admin } from "../../lib/admin.js";
import { DOCS_SITE_URL, KEYCLOAK_URL, REALM } from "../../lib/env.js";
import { authRequest } from "../../lib/oidc.js";
import { runAxe } from "../../lib/axe.js";
import { WIDTHS } from "../../lib/checks.js";

const STOCK = `docs-stock-${Math.random().toString(36).slice(2, 8)}`;

test.beforeAll(async () => {
  await admin("POST", "", {
    realm: STOCK, enabled: true, loginTheme: "keycloak.v2", registrationAllowed: true, registrationEmailAsUsername: true,
    clients: [{ clientId: "docs-site", publicClient: true, standardFlowEnabled: true, redirectUris: [`${DOCS_SITE_URL}/*`] }],
  });
  // The same attributes and rules; of the annotations only the input types (no labels, help or scripts).
  const profile = await admin("GET", `/${REALM}/users/profile`);
  for (const attribute of profile.attributes) {
    const inputType = attribute.annotations?.inputType;
    attribute.annotations = inputType ? { inputType } : {};
  }
  await admin("PUT", `/${STOCK}/users/profile`, profile);
});

test.afterAll(async () => {
  await admin("DELETE", `/${STOCK}`);
});

/** Bytes transferred (headers and bodies, uncached) and requests for a page load in a fresh context. */
async function measure(browser, url) {
  const context = await browser.newContext({ viewport: WIDTHS.desktop });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let bytes = 0;
  let requests = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; requests += 1; });
  await page.goto(url, { waitUntil: "networkidle" });
  const options = await page.locator("#experienceLevel option").allTextContents();
  const roleOtherVisible = await page.locator("#roleOther").isVisible();
  const localeSwitcher = await page.locator("#login-select-toggle").count();
  const linkBack = await page.locator("a[href*='/clients/docs-site/redirect']").count();
  const axe = await runAxe(page);
  await context.close();
  return { bytes, requests, options: options.map((o) => o.trim()), roleOtherVisible, localeSwitcher, linkBack, axe };
}

test("sign-up page: ours is clearly better than stock keycloak.v2, and no heavier or less accessible", async ({ browser }) => {
  // Two pages loaded until the network is idle, each with axe: on a busy machine, with a Keycloak just started (its
  // first sign-up page compiles the templates), more than the default 60 s (a run of 2026-11-30 timed out at the
  // first page's load). Three times the limit; nothing here measures time.
  test.slow();
  const ours = await measure(browser, authRequest({ endpoint: "registrations" }).url);
  const stock = await measure(browser, authRequest({ endpoint: "registrations", issuer: `${KEYCLOAK_URL}/realms/${STOCK}` }).url);
  const row = (name, m) =>
    `[baseline] ${name.padEnd(5)} ${String(m.bytes).padStart(9)} bytes in ${m.requests} requests; axe ${JSON.stringify(m.axe.byImpact)}; ` +
    `levels ${JSON.stringify(m.options)}; roleOther shown ${m.roleOtherVisible}; locale switcher ${m.localeSwitcher > 0}; link to docs ${m.linkBack > 0}`;
  console.log(row("ours", ours));
  console.log(row("stock", stock));

  // The baseline's flaws, seen in the stock page...
  expect(stock.options).toEqual(["", "beginner", "intermediate", "advanced"]);
  expect(stock.roleOtherVisible).toBe(true);
  expect(stock.localeSwitcher + stock.linkBack).toBe(0);
  // ...and fixed in ours.
  expect(ours.options).toEqual(["Choose one…", "Beginner", "Intermediate", "Advanced"]);
  expect(ours.roleOtherVisible).toBe(false);
  expect(ours.localeSwitcher).toBe(1);
  expect(ours.linkBack).toBeGreaterThan(0);
  // No worse on weight or accessibility.
  expect(ours.bytes).toBeLessThanOrEqual(stock.bytes);
  expect(ours.axe.severe).toEqual([]);
  expect(ours.axe.violations.length).toBeLessThanOrEqual(stock.axe.violations.length);
});

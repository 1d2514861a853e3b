// Keycloak's pages of realm docs (issue 22, finding 5): the realm's browserSecurityHeaders. The enforced policy is
// Keycloak's default; the stricter one (script and style sources, connect, form-action, base-uri, object-src) is
// sent report-only first, and every browser test fails on a violation of either (lib/test.js), so the pages of a
// reader's whole journey, the account console and the admin console's pages of the realm are checked against it.
import { test, expect } from "../../lib/test.js";
import { authRequest } from "../../lib/oidc.js";
import { DOCS_SITE_URL, ISSUER } from "../../lib/env.js";

function directives(policy) {
  return Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([n, ...v]) => [n, v]));
}

test("the sign-in page sends the stricter policy report-only, beside Keycloak's enforced one, nosniff and no referrer", async ({ request }) => {
  const res = await request.get(authRequest().url);
  expect(res.status()).toBe(200);
  const headers = res.headers();

  expect(directives(headers["content-security-policy"])).toEqual({
    "frame-src": ["'self'"], "frame-ancestors": ["'self'"], "object-src": ["'none'"] });
  const strict = directives(headers["content-security-policy-report-only"] ?? "");
  expect(strict["default-src"]).toEqual(["'self'"]);
  expect(strict["script-src"]).toEqual(["'self'", "'unsafe-inline'"]); // keycloak.v2 writes per-request inline modules
  expect(strict["connect-src"]).toEqual(["'self'"]);
  expect(strict["base-uri"]).toEqual(["'none'"]);
  expect(strict["object-src"]).toEqual(["'none'"]);
  expect(strict["frame-ancestors"]).toEqual(["'self'"]);
  expect(strict["form-action"]).toEqual(["'self'", DOCS_SITE_URL]); // the sign-in's POST ends in a redirect to the site
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
});

test("a script from elsewhere on a Keycloak page is reported against the report-only policy, and caught", async ({ page, cspViolations }) => {
  await page.goto(authRequest().url);
  await expect(page.locator("#username")).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.src = "data:text/javascript,window.fromElsewhere=true";
    document.head.append(script);
  });
  await expect.poll(() => cspViolations.join("\n")).toContain("(report)");
  expect(cspViolations.join("\n")).toContain("script-src");
  expect(cspViolations.join("\n")).toContain(ISSUER.split("/realms/")[0]); // on Keycloak's page
  cspViolations.length = 0; // provoked on purpose
});

// The proof of work of sign-up and sign-in (ALTCHA's widget, proof-of-work.ftl): Chromium solves the challenge by
// itself while the reader types, and the sign-up goes through; a form sent without a solution comes back with its
// message, in English, French and Arabic, readable at 320 px and clean for axe.
import { test, expect } from "../../lib/test.js";
import { findUser, uniqueEmail } from "../../lib/admin.js";
import { authRequest, callbackOf, signedInClaims } from "../../lib/oidc.js";
import { expectAccessibleKeycloakPage, expectNoHorizontalScrollAt320 } from "../../lib/checks.js";
import { fillSignUp, proofOfWorkSolution, reader, submitSignUp } from "../../lib/site.js";

test("a browser sign-up solves the proof of work by itself", async ({ page }) => {
  const request = authRequest({ endpoint: "registrations" });
  await page.goto(request.url);
  const r = reader(uniqueEmail("pow-browser"), "advanced");
  await fillSignUp(page, r);
  const solution = await proofOfWorkSolution(page);
  const challenge = JSON.parse(await page.locator("#docs-proof-of-work").getAttribute("challenge"));
  // A figure, not an assertion (speed is measured in bench/): the widget's own time for the search.
  console.log(`[proof-of-work] Chromium solved the sign-up challenge (maxnumber ${challenge.maxnumber}, number ${solution.number}) in ${solution.took} ms`);
  expect(solution.challenge).toBe(challenge.challenge);

  const callback = callbackOf(page);
  await submitSignUp(page, r);
  const claims = await signedInClaims(await callback, request);
  expect(claims.email).toBe(r.email);
});

const MISSING = {
  en: "Your browser did not complete the automatic check that keeps out bots.",
  fr: "Votre navigateur n'a pas terminé la vérification automatique qui écarte les robots.",
  ar: "لم يُكمل متصفحك التحقق التلقائي الذي يمنع البرامج الآلية.",
};

for (const [locale, message] of Object.entries(MISSING)) {
  test(`a sign-up sent without a solution is refused with its message (${locale})`, async ({ page }) => {
    await page.goto(authRequest({ endpoint: "registrations", locale }).url);
    const email = uniqueEmail(`pow-missing-${locale}`);
    await fillSignUp(page, reader(email));
    // What a script that skips the work sends: the form without the widget and its solution.
    await page.locator("#docs-proof-of-work").evaluate((widget) => widget.remove());
    await page.click("#kc-register-form [type=submit]");

    await expect(page.locator("#kc-register-form")).toBeVisible();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page.locator("#email")).toHaveValue(email);
    expect(await findUser(email)).toBeNull();
    await expectNoHorizontalScrollAt320(page);
    await expectAccessibleKeycloakPage(page, `signup-proof-of-work-${locale}`);
  });
}

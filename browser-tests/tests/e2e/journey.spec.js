// A reader's whole journey on the built docs site, against the real Keycloak and chatbot API: sign up from
// the navbar on the themed form, come back signed in, ask the chatbot, reload, open the members page, sign out
// (the Keycloak session ends too), sign in again with the password, change the background and see the
// chatbot's answer change. Once at desktop width, once at phone width.
import { test, expect } from "../../lib/test.js";
import { admin, findUser, uniqueEmail } from "../../lib/admin.js";
import { WIDTHS } from "../../lib/checks.js";
import { ISSUER, REALM } from "../../lib/env.js";
import {
  ask, clickNavbar, expectAccessible, expectNavbarFits, expectSignedIn, expectSignedOut, fillSignIn, fillSignUp, reader, shot, siteUrl,
} from "../../lib/site.js";

const QUESTION = "How do access tokens expire and get renewed?";

for (const [widthName, viewport] of Object.entries(WIDTHS)) {
  test(`journey at ${viewport.width} px: sign up, chatbot, reload, members, sign out, sign in, edit background`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const r = reader(uniqueEmail(`e2e-${widthName}`), "beginner");
    const step = (name) => shot(page, `${widthName}-${name}`);

    // 1. A reader on a docs page chooses Sign up in the navbar.
    await page.goto(siteUrl("/docs/tokens"));
    await expectSignedOut(page);
    await step("01-signed-out");
    await clickNavbar(page, "Sign up");

    // 2. Keycloak's themed registration form, with the background.
    await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
    await fillSignUp(page, r);
    await step("02-signup-form");
    await page.click("#kc-register-form [type=submit]");

    // 3. Back on the page they started from, signed in, their email in the navbar; code and state are gone.
    await page.waitForURL(siteUrl("/docs/tokens"));
    await expectSignedIn(page, r.email);
    await expectNavbarFits(page);
    await step("03-back-signed-in");
    if (widthName === "phone") {
      // The smallest phone too: the email gives way, the bar stays one line.
      await page.setViewportSize({ width: 320, height: 640 });
      await expectNavbarFits(page);
      await page.setViewportSize(viewport);
    }
    const user = await findUser(r.email);
    expect(user.attributes).toMatchObject({ experienceLevel: ["beginner"], professionalRole: ["researcher"] });

    // 4. The chatbot answers for a beginner.
    await page.goto(siteUrl("/"));
    let answer = await ask(page, QUESTION);
    await expect(answer).toContainText("Answer for a beginner reader");
    await expect(answer).toContainText("Here is how: 1.");
    await expect(answer).not.toContainText("Internals:");
    await expectAccessible(page);
    await step("04-chatbot-beginner");

    // 5. A reload keeps the session (session storage), without a trip to Keycloak.
    const toKeycloak = [];
    page.on("request", (req) => req.url().includes("/protocol/openid-connect/auth") && toKeycloak.push(req.url()));
    await page.reload();
    await expectSignedIn(page, r.email);
    expect(toKeycloak).toEqual([]);

    // 6. The signed-in-only page, with what the API says about the reader.
    await page.goto(siteUrl("/members"));
    await expect(page.getByText("This page is only shown to signed-in readers.")).toBeVisible();
    await expect(page.getByTestId("members-me")).toContainText(r.email);
    await expect(page.getByTestId("members-me")).toContainText("(beginner)");
    await expect(page.getByTestId("members-me")).toContainText("asked the assistant 1 question");
    await expectAccessible(page);
    await step("05-members");

    // 7. Sign out: back on the home page signed out, and the Keycloak session is gone.
    await clickNavbar(page, "Sign out");
    // Keycloak's logout comes back to /?state=…; the adapter checks the state and drops it from the address bar.
    await expect(page).toHaveURL(siteUrl("/"));
    await expectSignedOut(page);
    expect(await admin("GET", `/${REALM}/users/${user.id}/sessions`)).toEqual([]);
    await page.goto(siteUrl("/members"));
    await expect(page.getByRole("region", { name: "Sign in required" })).toBeVisible();
    await step("06-signed-out");

    // 8. Signing in again asks for the password (no silent single sign-on), then comes back to /members.
    await clickNavbar(page, "Sign in");
    await fillSignIn(page, r);
    await step("07-signin-form");
    await page.click("#kc-form-login [type=submit]");
    await page.waitForURL(siteUrl("/members"));
    await expectSignedIn(page, r.email);
    await expect(page.getByTestId("members-me")).toContainText("(beginner)");

    // 9. Edit your background: Keycloak's profile form, beginner -> advanced, back with new claims.
    await page.goto(siteUrl("/docs/profile"));
    await expect(page.getByTestId("experience-level")).toHaveText("Beginner");
    await page.getByRole("button", { name: "Edit your background" }).click();
    await expect(page.locator("#experienceLevel")).toBeVisible();
    await expect(page.locator("#experienceLevel")).toHaveValue("beginner");
    await page.selectOption("#experienceLevel", "advanced");
    await step("08-edit-background");
    await page.locator("form [type=submit]").first().click();
    await page.waitForURL(siteUrl("/docs/profile"));
    await expect(page.getByTestId("experience-level")).toHaveText("Advanced");
    await expectSignedIn(page, r.email);
    await step("09-profile-advanced");

    // 10. The chatbot's answer follows the new level.
    await page.goto(siteUrl("/"));
    answer = await ask(page, QUESTION);
    await expect(answer).toContainText("Answer for an advanced reader");
    await expect(answer).toContainText("Internals:");
    await expect(answer).not.toContainText("Here is how: 1.");
    await step("10-chatbot-advanced");
    expect((await findUser(r.email)).attributes.experienceLevel).toEqual(["advanced"]);
  });
}

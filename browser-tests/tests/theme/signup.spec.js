// The sign-up a reader goes through: filled in a real browser, submitted, signed in, stored with every
// attribute; "describe your role" only when the role is "other"; and all of it without JavaScript too.
import { test, expect } from "../../lib/test.js";
import { findUser, uniqueEmail } from "../../lib/admin.js";
import { authRequest, callbackOf, signedInClaims } from "../../lib/oidc.js";
import { WIDTHS } from "../../lib/checks.js";
import { fillSignUp, reader, submitSignUp } from "../../lib/site.js";


/** A new reader of these tests: advanced, in `role`. */
const readerIn = (email, role) => ({ ...reader(email, "advanced"), role });

for (const [widthName, viewport] of Object.entries(WIDTHS)) {
  test(`sign-up at ${viewport.width} px: fill, submit, signed in, stored`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const request = authRequest({ endpoint: "registrations" });
    await page.goto(request.url);

    // Choices read as labels from messages, the empty first choice says what to do, the description is hidden.
    await expect(page.locator("#experienceLevel option")).toHaveText(["Choose one…", "Beginner", "Intermediate", "Advanced"]);
    await expect(page.locator("#professionalRole option[value=software-engineer]")).toHaveText("Software engineer");
    await expect(page.locator("#form-help-text-before-experienceLevel")).toContainText("Beginner:");
    await expect(page.locator("label[for=organization]")).toContainText("(optional)");
    await expect(page.locator("#roleOther")).toBeHidden();

    const email = uniqueEmail(`signup-${widthName}`);
    const r = readerIn(email, "other");
    await fillSignUp(page, r);
    await expect(page.locator("#roleOther")).toBeVisible();
    await page.selectOption("#professionalRole", "student");
    await expect(page.locator("#roleOther")).toBeHidden();
    await page.selectOption("#professionalRole", "other");
    await page.fill("#roleOther", "Developer advocate");
    await page.fill("#organization", "Analytical Engines Ltd");

    const callback = callbackOf(page);
    await submitSignUp(page, r);
    const claims = await signedInClaims(await callback, request);
    expect(claims).toMatchObject({
      email, experience_level: "advanced", professional_role: "other", role_other: "Developer advocate",
      organization: "Analytical Engines Ltd",
    });

    const user = await findUser(email);
    expect(user.attributes).toMatchObject({
      experienceLevel: ["advanced"], professionalRole: ["other"], roleOther: ["Developer advocate"],
      organization: ["Analytical Engines Ltd"],
    });
    expect(user).toMatchObject({ firstName: "Grace", lastName: "Hopper", email });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form's own errors show, and the sign-up is refused asking for JavaScript (the proof of work)", async ({ page }) => {
    const request = authRequest({ endpoint: "registrations" });
    await page.goto(request.url);
    // No script: the description field is simply there, with its help text saying when it is needed.
    await expect(page.locator("#roleOther")).toBeVisible();
    await expect(page.locator("#form-help-text-after-roleOther")).toContainText('"Other"');

    const email = uniqueEmail("nojs");
    await fillSignUp(page, readerIn(email, "other"));
    await page.click("#kc-register-form [type=submit]");
    await expect(page.locator("#input-error-roleOther")).toContainText("Please describe your role");
    await expect(page.locator("#roleOther")).toHaveAttribute("aria-invalid", "true");
    expect(await findUser(email)).toBeNull();

    // The rest was kept; with the description, the one thing left is the browser check no script can pass.
    await expect(page.locator("#email")).toHaveValue(email);
    await expect(page.locator("#professionalRole")).toHaveValue("other");
    await page.fill("#roleOther", "Sound engineer");
    await page.click("#kc-register-form [type=submit]");
    await expect(page.locator("#kc-register-form")).toBeVisible();
    await expect(page.getByText("Make sure JavaScript is on")).toBeVisible();
    expect(await findUser(email)).toBeNull();
  });
});

test("a description typed for another role is not stored", async ({ page }) => {
  // A browser without JavaScript would send the hidden field; here the script shows it, so it is filled by hand.
  const request = authRequest({ endpoint: "registrations" });
  await page.goto(request.url);
  const email = uniqueEmail("other-role-text");
  const r = readerIn(email, "student");
  await fillSignUp(page, r);
  await page.locator("#roleOther").evaluate((field) => { field.value = "Should be dropped"; });
  const callback = callbackOf(page);
  await submitSignUp(page, r);
  await signedInClaims(await callback, request);
  const user = await findUser(email);
  expect(user.attributes.professionalRole).toEqual(["student"]);
  expect(user.attributes.roleOther).toBeUndefined();
});

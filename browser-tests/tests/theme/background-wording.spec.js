// The user profile's group "background" speaks to whoever reads it. Its header and help are messages
// (`${profile.groups.background}`, `.help`): the jar's theme-resources messages reach every theme, the admin console
// and the account console included, so they are worded for both a reader and an admin; the docs login theme's own
// messages (the reader's sign-up and profile forms) override them with the words for the reader.
import { test, expect } from "../../lib/test.js";
import { ADMIN, KEYCLOAK_URL, REALM } from "../../lib/env.js";
import { BACKGROUND, createUser, uniqueEmail } from "../../lib/admin.js";
import { authRequest } from "../../lib/oidc.js";
import { PASSWORD, signInAt } from "../../lib/site.js";

const FOR_THE_READER = { header: "Your background", help: /^Tell us where you are coming from/ };
const FOR_BOTH = { header: "Background", help: "Experience level and role: the docs and the assistant fit their answers to them." };

test("an admin looking at a reader's page in the admin console reads about the reader, not to them", async ({ page }) => {
  const email = uniqueEmail("admin-view");
  const id = await createUser({ email, password: PASSWORD, attributes: BACKGROUND });

  await signInAt(page, `${KEYCLOAK_URL}/admin/master/console/#/${REALM}/users/${id}/settings`,
    { email: ADMIN.username, password: ADMIN.password });
  const main = page.locator("main");
  await expect(main.getByText("Experience level", { exact: true }).first()).toBeVisible({ timeout: 30_000 });

  await expect(main.getByRole("heading", { name: FOR_BOTH.header, exact: true })).toBeVisible();
  await expect(main.getByText(FOR_BOTH.help)).toBeVisible();
  await expect(main).not.toContainText(FOR_THE_READER.header);
  await expect(main).not.toContainText("Tell us where you are coming from");
});

test("the reader's sign-up form speaks to the reader", async ({ page }) => {
  await page.goto(authRequest({ endpoint: "registrations" }).url);
  const form = page.locator("#kc-register-form");
  await expect(form.getByText(FOR_THE_READER.header, { exact: true })).toBeVisible();
  await expect(form.getByText(FOR_THE_READER.help)).toBeVisible();
});

test("the messages the admin and account consoles load are worded for both audiences, in every language", async ({ request }) => {
  // The admin console loads /resources/{its realm}/admin/{language}; the account console /resources/{realm}/account/...
  const expected = {
    en: FOR_BOTH,
    fr: { header: "Parcours", help: "Niveau d’expérience et rôle\u00a0: la documentation et l’assistant y adaptent leurs réponses." },
    ar: { header: "الخلفية", help: "مستوى الخبرة والدور: تكيّف الوثائق والمساعد إجاباتهما بحسبهما." },
  };
  for (const [where, type] of [["master", "admin"], [REALM, "account"]]) {
    for (const [language, words] of Object.entries(expected)) {
      const res = await request.get(`${KEYCLOAK_URL}/resources/${where}/${type}/${language}`);
      expect(res.status()).toBe(200);
      const messages = Object.fromEntries((await res.json()).map(({ key, value }) => [key, value]));
      expect([messages["profile.groups.background"], messages["profile.groups.background.help"]], `${type} ${language}`)
        .toEqual([words.header, words.help]);
    }
  }
});

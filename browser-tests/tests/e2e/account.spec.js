// Issue 18 on the built docs site: the Account page (/account) and the reader's data rights, against the real
// Keycloak, chatbot API and PostgreSQL.
// - The page at 320 px and desktop, light and dark, with axe, its buttons 44 px tall at least; screenshots in
//   build/screenshots/account-*.png.
// - The page's own token (scope docs-account) reads the background and writes the consent; the site's token, for
//   the chatbot API alone, goes to the chatbot API only, and the page's token never does.
// - Signed up with the consent box unticked, the chatbot answers generically; ticked on the Account page, the next
//   answer follows the reader's level; unticked, generic again.
// - "Download my data" gives one file that validates against docs/data-export.schema.json (loaded here, with the
//   chatbot part's schema it refers to), holds the background, the consent history, the sessions and the questions,
//   and no token, password or secret.
// - "Delete my account": Keycloak asks for the password again and a confirmation; afterwards the site shows the
//   reader signed out, signing in fails, and no row about them is left in schema rag.
import fs from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import pg from "pg";
import { test, expect } from "../../lib/test.js";
import { findUser, uniqueEmail } from "../../lib/admin.js";
import { SCHEMES, WIDTHS, expectNoHorizontalScrollAt320 } from "../../lib/checks.js";
import { ISSUER, RAG_BACKEND_URL, RAG_DATABASE_URL, SCREENSHOTS } from "../../lib/env.js";
import { seen } from "../../lib/secrets-seen.js";
import {
  ask, clickNavbar, expectAccessible, expectSignedIn, expectSignedOut, fillSignIn, fillSignUp, reader, siteUrl, submitSignUp,
} from "../../lib/site.js";

const DOCS = new URL("../../../docs/", import.meta.url);
const QUESTION = "How do access tokens expire?";

/** The whole file's schema, with the chatbot part's it refers to: Ajv's draft 2020-12 validator, formats checked. */
function exportValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(fs.readFileSync(new URL("data-export-chatbot.schema.json", DOCS), "utf8"))); // by its $id
  return ajv.compile(JSON.parse(fs.readFileSync(new URL("data-export.schema.json", DOCS), "utf8")));
}

async function signUp(page, r) {
  await page.goto(siteUrl("/"));
  await clickNavbar(page, "Sign up");
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  await fillSignUp(page, r); // r.consent false: the consent box left unticked
  await submitSignUp(page, r);
  await page.waitForURL(siteUrl("/"));
  await expectSignedIn(page, r.email);
}

/** The tab's tokens, recorded for the log scan; the file must hold none of them. */
const storedTokens = (page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith("docs-auth.user."));
    const user = JSON.parse(sessionStorage.getItem(key));
    return [user.access_token, user.refresh_token, user.id_token];
  });

async function expectGeneric(page) {
  await page.goto(siteUrl("/"));
  const answer = await ask(page, QUESTION);
  await expect(answer.getByTestId("chatbot-generic")).toBeVisible();
  await expect(answer).not.toContainText("Here is how: 1.");
  await expect(answer).not.toContainText("Answer for a");
}

async function openAccount(page) {
  await page.goto(siteUrl("/account"));
  await expect(page.getByTestId("account-level")).toHaveText("Beginner");
  return page.getByTestId("account-consent");
}

/** Ticks or unticks the consent box and waits for Keycloak to have it (the page says so). */
async function setConsent(page, consent) {
  const box = await openAccount(page);
  await expect(box).toBeChecked({ checked: !consent });
  await (consent ? box.check() : box.uncheck());
  await expect(page.getByTestId("account-consent-status")).toHaveText(
    consent ? "Saved. The assistant's answers now follow your background." : "Saved. The assistant now answers without your background.",
  );
  await expect(box).toBeChecked({ checked: consent });
}

async function ragRows(sub) {
  const client = new pg.Client({ connectionString: RAG_DATABASE_URL });
  await client.connect();
  try {
    const queries = await client.query("SELECT count(*)::int AS n FROM rag.queries WHERE sub = $1", [sub]);
    return queries.rows[0].n;
  } finally {
    await client.end();
  }
}

/** The Account page's buttons and its consent box's label (the box's touch target) under 44 px tall. */
const smallControls = (page) =>
  page.locator("main button, main label").evaluateAll((els) =>
    els.filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height < 44)
      .map((el) => `${el.textContent.trim().slice(0, 30)}: ${Math.round(el.getBoundingClientRect().height)} px`));

test("the Account page fits a 320 px phone and a desktop, light and dark, passes axe, and its buttons are 44 px tall", async ({ page }) => {
  test.setTimeout(180_000);
  const r = reader(uniqueEmail("account-page"), "beginner");
  await signUp(page, r);
  await openAccount(page); // the background read with the page's own token: every section is there
  await expect(page.getByTestId("account-download")).toBeVisible();
  await expect(page.getByText("Loading your account…")).toHaveCount(0);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const viewport of [{ width: 320, height: 640 }, WIDTHS.phone, WIDTHS.desktop]) {
    await page.setViewportSize(viewport);
    expect(await smallControls(page), `controls under 44 px tall at ${viewport.width} px`).toEqual([]);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await expect(page.locator("html")).toHaveAttribute("data-theme", colorScheme);
      await expectAccessible(page);
      await page.screenshot({ path: `${SCREENSHOTS}account-${viewport.width}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await expectNoHorizontalScrollAt320(page);
});

test("without consent the answers are generic; the file validates and holds the reader's data; deletion from the site", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  const r = { ...reader(uniqueEmail("account-rights"), "beginner"), consent: false };
  await signUp(page, r);
  const sub = (await findUser(r.email)).id;

  // Signed up with the box unticked: no background in the tokens, a generic answer.
  await expectGeneric(page);

  // Download my data: one file, valid against the published schema.
  await page.goto(siteUrl("/account"));
  const downloading = page.waitForEvent("download");
  await page.getByTestId("account-download").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const text = fs.readFileSync(await download.path(), "utf8");
  const file = JSON.parse(text);
  const validate = exportValidator();
  expect(validate(file), JSON.stringify(validate.errors, null, 2)).toBe(true);
  expect(file.keycloak.background.experienceLevel).toBe("beginner");
  expect(Array.isArray(file.keycloak.consent_history)).toBe(true);
  expect(file.keycloak.sessions.length).toBeGreaterThanOrEqual(1);
  expect(file.chatbot.sub).toBe(sub);
  expect(file.chatbot.questions.map((q) => q.experience_level)).toEqual([null]);
  for (const token of await storedTokens(page)) {
    seen("token", token);
    expect(text.includes(token), "a token in the file").toBe(false);
  }
  expect(text.includes(r.password), "the password in the file").toBe(false);
  expect(text, "a hash or secret in the file").not.toMatch(/"(secret|password|hash|salt|value)"\s*:/i);

  // Delete my account: Keycloak asks for the password again, saying what for, then for a confirmation.
  await page.getByTestId("account-delete").click();
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  await expect(page.locator("#password")).toBeVisible();
  await expect(page.getByText("To delete your account, enter your password. Nothing is deleted until you confirm on the next page.")).toBeVisible();
  await expect(page.getByText("Please re-authenticate to continue")).toHaveCount(0);
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}account-delete-password.png`, fullPage: true });
  const username = page.locator("#username");
  if ((await username.count()) > 0 && (await username.isEditable())) await page.fill("#username", r.email);
  await page.fill("#password", r.password);
  await page.click("#kc-form-login [type=submit]");
  const confirm = page.getByRole("button", { name: "Confirm" });
  await expect(confirm).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: `${SCREENSHOTS}account-delete-confirm.png`, fullPage: true });
  await confirm.click();
  await expect(page.locator("body")).toContainText(/deleted/i);

  // Back on the site: signed out; Keycloak refuses the password; no row about the reader in schema rag.
  await page.goto(siteUrl("/account"));
  await expectSignedOut(page);
  expect(await findUser(r.email)).toBeNull();
  await clickNavbar(page, "Sign in");
  await fillSignIn(page, r);
  await page.click("#kc-form-login [type=submit]");
  await expect(page.locator("#input-error, .pf-m-error, [id^=input-error]").first()).toBeVisible();
  await expect.poll(() => ragRows(sub), { timeout: 30_000 }).toBe(0);
});

test("consent on the Account page: ticked, the next answer follows the level; unticked, generic again", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  const r = { ...reader(uniqueEmail("account-consent"), "beginner"), consent: false };
  await signUp(page, r);
  await expectGeneric(page);

  // Which token goes where: the page's own (aud account and docs-data-export) to Keycloak alone, the site's (aud
  // rag-api alone) to the chatbot API alone.
  const sent = [];
  page.on("request", (request) => {
    const authorization = request.headers().authorization;
    if (authorization?.startsWith("Bearer ")) sent.push({ url: request.url(), aud: audiences(authorization.slice(7)) });
  });
  await setConsent(page, true);
  await page.goto(siteUrl("/"));
  const tailored = await ask(page, QUESTION);
  await expect(tailored).toContainText("Answer for a beginner reader");
  await expect(tailored).toContainText("Here is how: 1.");
  await setConsent(page, false);
  await expectGeneric(page);

  const toKeycloak = sent.filter((s) => s.url.startsWith(`${ISSUER}/`));
  const toApi = sent.filter((s) => s.url.startsWith(RAG_BACKEND_URL));
  expect(toKeycloak.length, "no call to Keycloak's account API").toBeGreaterThan(0);
  expect(toApi.length, "no call to the chatbot API").toBeGreaterThan(0);
  for (const { aud } of toKeycloak) expect(aud).toEqual(expect.arrayContaining(["account", "docs-data-export"]));
  for (const { aud } of toApi) expect(aud).toEqual(["rag-api"]);
});

/** `aud` of a JWT as a list (recorded for the log scan, never printed). */
function audiences(token) {
  seen("token", token);
  const { aud } = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  return Array.isArray(aud) ? aud : [aud];
}

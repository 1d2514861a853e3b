// Over the question quota (RAG_QUERY_QUOTA of the stack's API), the docs site's chat says so in a live region, with
// the wait the API gave: "You have asked many questions in a short time; try again in N minutes." The reader's
// quota is used up first by asking the real API directly with the reader's own token, as a script would; then the
// chat's question gets the API's 429. At desktop width, then at the smallest phone's.
import { test, expect } from "../../lib/test.js";
import { uniqueEmail } from "../../lib/admin.js";
import { WIDTHS, expectNoHorizontalScrollAt320 } from "../../lib/checks.js";
import { ISSUER, RAG_BACKEND_URL } from "../../lib/env.js";
import { seen } from "../../lib/secrets-seen.js";
import { clickNavbar, expectAccessible, expectSignedIn, fillSignUp, reader, shot, siteUrl, submitSignUp } from "../../lib/site.js";

// The stack's quota is generous for the other tests (scripts/test.sh); no run of them asks this many times.
const MOST_QUESTIONS = 5000;
const NOTICE = /^You have asked many questions in a short time; try again in (\d+) minutes?\.$/;

/** Asks the API until it answers 429; returns its Retry-After in seconds. */
async function useUpQuota(token) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  for (let asked = 0; asked < MOST_QUESTIONS; asked++) {
    const res = await fetch(`${RAG_BACKEND_URL}/api/query`, { method: "POST", headers, body: JSON.stringify({ query: "What is a token?" }) });
    if (res.status === 429) return Number(res.headers.get("retry-after"));
    expect(res.status, `question ${asked + 1}`).toBe(200);
  }
  throw new Error(`the API answered ${MOST_QUESTIONS} questions without a 429: is RAG_QUERY_QUOTA set?`);
}

test("over the quota the chat says when to ask again, in a live region, on desktop and phone", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize(WIDTHS.desktop);
  const r = reader(uniqueEmail("quota"), "beginner");
  await page.goto(siteUrl("/"));
  await clickNavbar(page, "Sign up");
  await page.waitForURL((url) => url.href.startsWith(`${ISSUER}/`));
  await fillSignUp(page, r);
  await submitSignUp(page, r);
  await page.waitForURL(siteUrl("/"));
  await expectSignedIn(page, r.email);

  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((k) => k.startsWith("docs-auth.user.")))).access_token);
  seen("token", token);
  const retryAfter = await useUpQuota(token);
  expect(retryAfter).toBeGreaterThanOrEqual(1);

  const status = page.getByTestId("chatbot-status");
  for (const viewport of [WIDTHS.desktop, { width: 320, height: 640 }]) {
    await page.setViewportSize(viewport);
    // A live region from the start (not added with the notice), so that screen readers announce the notice.
    await expect(status).toHaveAttribute("role", "status");
    await expect(status).toHaveAttribute("aria-live", "polite");
    await page.fill("#docs-question", "How do access tokens expire?");
    const answered = page.waitForResponse((res) => res.url() === `${RAG_BACKEND_URL}/api/query` && res.request().method() === "POST");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    expect((await answered).status()).toBe(429);

    await expect(status).toHaveText(NOTICE);
    const minutes = Number(NOTICE.exec(((await status.textContent()) ?? "").trim())[1]);
    // The wait the API gave, in whole minutes (a little of it has passed since it was given).
    expect(minutes).toBeLessThanOrEqual(Math.ceil(retryAfter / 60));
    expect(minutes).toBeGreaterThanOrEqual(Math.ceil((retryAfter - 120) / 60));
    await expect(page.getByTestId("chatbot-answer")).toHaveCount(0);
    await expectAccessible(page);
    await shot(page, `quota-${viewport.width}`);
  }
  await expectNoHorizontalScrollAt320(page);
});

// Playwright's `test` with two more checks on every test: no Content Security Policy violation, enforced or
// report-only, in any page or frame of any browser context the test opens (the docs site's policy, made at its build;
// Keycloak's, the realm's browserSecurityHeaders); and no resource of Keycloak's themes whose body is gzip while its
// answer does not say so (Content-Encoding), which the browser cannot read (a font then draws every icon as a box).
// A third: no uncaught script error (an exception or a rejected promise no script handles) in any page of any
// context, ours or Keycloak's: a reader never sees it, but the script that threw stopped there. Every context's
// traffic is recorded for the log scan (secrets-seen.js). Specs import { test, expect } from here.
//
// Each page reports its violations itself: an init script (run in every frame before the page's own scripts)
// forwards the `securitypolicyviolation` event (CSP Level 3; fired for report-only policies too, disposition
// "report") to the console, where the context's listener collects it with Chromium's own CSP console messages.
// A test that provokes a violation on purpose takes it out of `cspViolations`.
import { test as base, expect } from "@playwright/test";
import { watch as recordSecrets } from "./secrets-seen.js";

const CSP_TEXT = /Content[- ]Security[- ]Policy/i;
const THEME_RESOURCE = /\/resources\//;

/** Records a theme resource whose body starts with gzip's magic bytes (1f 8b) but whose answer names no encoding. */
function watchEncodings(context, mislabelled, pending) {
  context.on("response", (response) => {
    if (!THEME_RESOURCE.test(response.url()) || response.status() !== 200) return;
    const encoding = response.headers()["content-encoding"];
    if (encoding && encoding !== "identity") return;
    pending.push(response.body().then((body) => {
      if (body.length > 1 && body[0] === 0x1f && body[1] === 0x8b) mislabelled.push(response.url());
    }, () => {}));
  });
}

async function watch(context, found, mislabelled, pending, scriptErrors) {
  watchEncodings(context, mislabelled, pending);
  // Playwright's WebError: an uncaught exception in any page of the context.
  context.on("weberror", (webError) => {
    const page = webError.page();
    scriptErrors.push(`${webError.error().message} (on ${page ? page.url() : "a page"})`);
  });
  context.on("console", (message) => {
    if (CSP_TEXT.test(message.text())) found.push(`${message.text()} (on ${message.location().url || "a page"})`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation (${e.disposition}): ${e.effectiveDirective} refused ` +
        `${e.blockedURI || "an inline resource"} in ${e.documentURI}`);
    });
  });
}

export const test = base.extend({
  context: async ({ context }, use) => {
    recordSecrets(context);
    await use(context);
  },
  cspViolations: [
    async ({ context, browser }, use) => {
      const found = [];
      const mislabelled = [];
      const pending = [];
      const scriptErrors = [];
      await watch(context, found, mislabelled, pending, scriptErrors);
      // Contexts a test opens itself (browser.newContext) are watched too.
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const opened = await newContext.apply(browser, args);
        await watch(opened, found, mislabelled, pending, scriptErrors);
        return opened;
      };
      try {
        await use(found);
      } finally {
        browser.newContext = newContext;
      }
      expect(found, "Content Security Policy violations").toEqual([]);
      await Promise.all(pending);
      expect(mislabelled, "theme resources sent gzipped without Content-Encoding").toEqual([]);
      expect(scriptErrors, "uncaught script errors in the pages").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

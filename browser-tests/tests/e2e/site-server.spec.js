// The server of the built docs site (`make run`'s and the tests' stack: npm `serve` with build-server/serve.json, made
// by the site's build from serve.json): text goes out compressed, with Vary: Accept-Encoding, the clean URLs and the
// 404 page of Docusaurus stay, and every answer carries the security headers the build made.
// Pure HTTP with Playwright's request fixture (it sends what is asked and reports the headers as they came).
import { test, expect } from "../../lib/test.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { DOCS_SITE_URL, KEYCLOAK_URL, RAG_BACKEND_URL } from "../../lib/env.js";

const GZIP = { "accept-encoding": "gzip" };

function expectCompressed(res, encoding = "gzip") {
  expect(res.status(), res.url()).toBe(200);
  expect(res.headers()["content-encoding"], `${res.url()} went out uncompressed`).toBe(encoding);
  expect(res.headers().vary ?? "", res.url()).toMatch(/accept-encoding/i);
}

test("the home page, its main script and its stylesheet go out gzipped", async ({ request }) => {
  const home = await request.get(`${DOCS_SITE_URL}/`, { headers: GZIP });
  expectCompressed(home);
  const html = await home.text();
  const script = html.match(/<script src="(\/assets\/js\/main\.[0-9a-f]+\.js)"/)?.[1];
  const stylesheet = html.match(/<link rel="stylesheet" href="(\/assets\/css\/styles\.[0-9a-f]+\.css)"/)?.[1];
  expect(script, "the home page names its main script").toBeTruthy();
  expect(stylesheet, "the home page names its stylesheet").toBeTruthy();

  for (const asset of [script, stylesheet]) {
    const res = await request.get(`${DOCS_SITE_URL}${asset}`, { headers: GZIP });
    expectCompressed(res);
    expect(res.headers()["cache-control"]).toContain("immutable"); // hashed names: cached for good
  }
});

test("a browser's Accept-Encoding gets the main script compressed, and a client that asks for none gets it whole", async ({ request }) => {
  const html = await (await request.get(`${DOCS_SITE_URL}/`)).text();
  const script = `${DOCS_SITE_URL}${html.match(/<script src="(\/assets\/js\/main\.[0-9a-f]+\.js)"/)[1]}`;

  const browserLike = await request.get(script, { headers: { "accept-encoding": "gzip, deflate, br, zstd" } });
  expect(["gzip", "br"]).toContain(browserLike.headers()["content-encoding"]);
  const plain = await request.get(script, { headers: { "accept-encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect((await plain.body()).equals(await browserLike.body())).toBe(true); // the same script once decoded
});

test("/auth/callback still serves the callback page, and a missing page the site's 404 page", async ({ request }) => {
  const callback = await request.get(`${DOCS_SITE_URL}/auth/callback?code=x&state=y`, { headers: GZIP, maxRedirects: 0 });
  expect(callback.status()).toBe(200);
  expect(await callback.text()).toMatch(/<title[^>]*>Signing in \| Docs<\/title>/);

  const missing = await request.get(`${DOCS_SITE_URL}/no/such/page`, { headers: GZIP, maxRedirects: 0 });
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain("Page Not Found");
});

test("each locale's pages are served by their clean URLs: /fr/ and /ar/, their Account page and their callback page", async ({ request }) => {
  for (const [path, lang, title] of [
    ["/fr/", "fr", /<title[^>]*>[^<]*Docs<\/title>/],
    ["/fr/account", "fr", /<title[^>]*>Votre compte \| Docs<\/title>/],
    ["/fr/auth/callback?code=x&state=y", "fr", /<title[^>]*>Connexion \| Docs<\/title>/],
    ["/ar/", "ar", /<title[^>]*>[^<]*Docs<\/title>/],
    ["/ar/account", "ar", /<title[^>]*>حسابك \| Docs<\/title>/],
    ["/ar/auth/callback?code=x&state=y", "ar", /<title[^>]*>تسجيل الدخول \| Docs<\/title>/],
  ]) {
    // npm `serve` (trailingSlash false) sends /fr/ on to /fr, nginx serves it as it is: the same page either way.
    const res = await request.get(`${DOCS_SITE_URL}${path}`, { headers: GZIP });
    expect(res.status(), path).toBe(200);
    expect(new URL(res.url()).pathname.replace(/\/$/, ""), path).toBe(path.replace(/[/]?\?.*$|\/$/, ""));
    const html = await res.text();
    expect(html, path).toMatch(new RegExp(`<html[^>]*\\blang="${lang}"`));
    expect(html, path).toMatch(title);
    if (lang === "ar") expect(html, path).toMatch(/<html[^>]*\bdir="rtl"/);
  }
});

// Issue 22, finding 5: the browser security headers, made at the site's build from the built pages
// (examples/docs-site/plugins/security-headers.ts) and sent by this server as by the image's nginx.
const BUILT_HEADERS = new URL("../../../examples/docs-site/build-server/security-headers.json", import.meta.url);

function directives(policy) {
  return Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([n, ...v]) => [n, v]));
}

test("every page, asset and the 404 page go out with the headers the build made: CSP, nosniff, Referrer-Policy, COOP", async ({ request }) => {
  const built = JSON.parse(readFileSync(BUILT_HEADERS, "utf8"));
  expect(Object.keys(built).sort()).toEqual(["Content-Security-Policy", "Cross-Origin-Opener-Policy", "Referrer-Policy", "X-Content-Type-Options"]);
  const home = await (await request.get(`${DOCS_SITE_URL}/`)).text();
  const script = home.match(/<script src="(\/assets\/js\/main\.[0-9a-f]+\.js)"/)[1];
  for (const path of ["/", "/docs/intro", "/members", "/auth/callback?code=x&state=y", script, "/img/favicon.svg", "/no/such/page",
    "/fr/account", "/ar", "/ar/auth/callback?code=x&state=y"]) {
    const res = await request.get(`${DOCS_SITE_URL}${path}`, { maxRedirects: 0 });
    for (const [name, value] of Object.entries(built)) expect(res.headers()[name.toLowerCase()], `${name} of ${path}`).toBe(value);
  }
});

test("the policy: the build's own scripts and Keycloak and the API by origin, nothing inline but what the build wrote", async ({ request }) => {
  const res = await request.get(`${DOCS_SITE_URL}/docs/intro`);
  // The policy is one for every locale's pages: it hashes the inline scripts of the others too.
  const others = await Promise.all(["/fr/account", "/ar/account"].map(async (p) => (await request.get(`${DOCS_SITE_URL}${p}`)).text()));
  const csp = directives(res.headers()["content-security-policy"]);
  expect(csp["default-src"]).toEqual(["'self'"]);
  expect(csp["object-src"]).toEqual(["'none'"]);
  expect(csp["base-uri"]).toEqual(["'none'"]);
  expect(csp["frame-ancestors"]).toEqual(["'self'"]); // the silent sign-in frames the site's own callback page
  expect(csp["connect-src"]).toEqual(expect.arrayContaining(["'self'", new URL(KEYCLOAK_URL).origin, new URL(RAG_BACKEND_URL).origin]));
  expect(csp["frame-src"]).toEqual(["'self'", new URL(KEYCLOAK_URL).origin]);
  expect(csp["script-src"][0]).toBe("'self'");
  expect(csp["script-src"].slice(1).every((s) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(s)), csp["script-src"].join(" ")).toBe(true);
  // Each inline script of the page is one of the hashes.
  const inline = [...[await res.text(), ...others].join("\n").matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)];
  expect(inline.length).toBeGreaterThan(0);
  for (const [, body] of inline) expect(csp["script-src"]).toContain(`'sha256-${createHash("sha256").update(body).digest("base64")}'`);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["referrer-policy"]).toBe("no-referrer");
});

test("a script the build did not write is refused in the browser, and the violation is caught", async ({ page, cspViolations }) => {
  await page.goto(`${DOCS_SITE_URL}/docs/intro`);
  await expect(page.locator("h1")).toBeVisible();
  const ran = await page.evaluate(async () => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.head.append(script);
    await new Promise((r) => setTimeout(r, 100));
    return window.injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.join("\n")).toContain("script-src");
  cspViolations.length = 0; // provoked on purpose: not a failure of this test
});

// The server of the built docs site (`make run`'s and the tests' stack: npm `serve` with examples/docs-site/serve.json):
// text goes out compressed, with Vary: Accept-Encoding, and the clean URLs and the 404 page of Docusaurus stay.
// Pure HTTP with Playwright's request fixture (it sends what is asked and reports the headers as they came).
import { test, expect } from "../../lib/test.js";
import { DOCS_SITE_URL } from "../../lib/env.js";

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

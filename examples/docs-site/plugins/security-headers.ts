// The site's browser security headers, made once per build from the built pages: the one source of the header
// set that both servers send. After `docusaurus build` it writes, into build-server/ (beside build/, so never
// served itself):
//   serve.json             the configuration of npm `serve` (`make run`): ../serve.json's settings plus the headers
//   security-headers.conf  nginx `add_header` lines, included by static-server.conf (the image, so compose)
//   security-headers.json  the same headers as a JSON object, for tests and for anyone else's server
// The Content-Security-Policy allows the site's own scripts and, of its inline ones (Docusaurus writes a few into
// every page: the colour mode before first paint...), exactly those the build wrote, by their SHA-256 hash
// (CSP Level 3 hash-source). Keycloak's and the chatbot API's origins (the URLs baked in at build time) are the
// only others it may fetch from, and Keycloak the only other it may frame (the silent sign-in's hidden iframe,
// which comes back to the site's own /auth/callback).
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import type { LoadContext, Plugin } from "@docusaurus/types";

export interface SecurityHeadersOptions {
  /** URLs the pages call besides their own origin (Keycloak, the chatbot API); their origins go to connect-src. */
  connectTo: string[];
  /** URLs the pages frame besides their own origin (Keycloak's authorization endpoint); origins to frame-src. */
  frame: string[];
}

export type Headers = Record<string, string>;

/** Inline scripts the browser executes (not data blocks such as application/json); importmaps count too. */
const EXECUTED_TYPES = new Set(["", "text/javascript", "application/javascript", "module", "importmap"]);
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
const STYLE_ATTRIBUTE = /<[a-z][^>]*?\sstyle="([^"]*)"/gi;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&lt;": "<", "&gt;": ">" };

const hashSource = (text: string): string => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

export interface InlineHashes {
  /** inline scripts the browser executes */
  scripts: string[];
  /** <style> elements and style="" attributes (React writes `style="display: none;"` on Docusaurus' icon sprite) */
  styles: string[];
}

/** The CSP hash-sources (`'sha256-…'`) of the inline scripts and styles of one HTML page. */
export function inlineHashes(html: string): InlineHashes {
  const scripts: string[] = [];
  for (const [, attributes, body] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase() ?? "";
    if (EXECUTED_TYPES.has(type)) scripts.push(hashSource(body));
  }
  const styles = [...html.matchAll(STYLE_ELEMENT)].map(([, body]) => hashSource(body));
  // An attribute's value is hashed as the browser reads it, character references decoded.
  for (const [, value] of html.matchAll(STYLE_ATTRIBUTE)) {
    styles.push(hashSource(value.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (e) => ENTITIES[e])));
  }
  return { scripts, styles };
}

const origin = (url: string): string => new URL(url).origin;
const unique = (values: string[]): string[] => [...new Set(values)];

/** The header set for pages with these inline scripts and styles (ASVS 5.0 3.4: CSP, nosniff, Referrer-Policy,
 * framing, COOP). */
export function securityHeaders(inline: InlineHashes, options: SecurityHeadersOptions): Headers {
  const styles = unique(inline.styles).sort();
  const policy: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...unique(inline.scripts).sort()],
    // 'unsafe-hashes' lets the hashes match style="" attributes too (CSP Level 3): those of the build, no others.
    "style-src": ["'self'", ...(styles.length ? ["'unsafe-hashes'", ...styles] : [])],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": unique(["'self'", ...options.connectTo.map(origin)]),
    "frame-src": unique(["'self'", ...options.frame.map(origin)]),
    "frame-ancestors": ["'self'"], // the silent sign-in frames the site's own callback page
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
    "worker-src": ["'none'"],
    "manifest-src": ["'self'"],
  };
  return {
    "Content-Security-Policy": Object.entries(policy).map(([name, values]) => `${name} ${values.join(" ")}`).join("; "),
    "X-Content-Type-Options": "nosniff",
    // The callback URL carries the authorization code: no page sends its address anywhere.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".html")).map((e) => path.join(e.parentPath, e.name));
}

/** nginx `add_header` lines: `always`, so that the 404 page has them too. */
export function nginxHeaders(headers: Headers): string {
  const lines = Object.entries(headers).map(([name, value]) => `add_header ${name} "${value}" always;`);
  return `# Made by plugins/security-headers.ts at build time: do not edit.\n${lines.join("\n")}\n`;
}

/** npm `serve`'s configuration: the hand-kept settings, the headers on every path. */
export function serveConfig(settings: { headers?: unknown[] }, headers: Headers): object {
  const all = { source: "**", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) };
  return { ...settings, headers: [all, ...(settings.headers ?? [])] };
}

/**
 * The build's root folder, from the folder of the locale being built: Docusaurus builds each locale in turn, the
 * default first into the root (build/), then each other into its folder under it (build/fr/); so the last locale's
 * postBuild sees every page of every locale there. Its base URL (/fr/) is the site's (/) and the locale's path.
 */
export function buildRoot(outDir: string, localeBaseUrl: string, siteBaseUrl: string): string {
  return path.resolve(outDir, path.posix.relative(localeBaseUrl, siteBaseUrl));
}

export default function securityHeadersPlugin(context: LoadContext, options: SecurityHeadersOptions): Plugin {
  return {
    name: "docs-site-security-headers",
    async postBuild({ outDir }) {
      const root = buildRoot(outDir, context.baseUrl, context.siteConfig.baseUrl);
      const pages = await Promise.all((await htmlFiles(root)).map(async (f) => inlineHashes(await readFile(f, "utf8"))));
      const headers = securityHeaders(
        { scripts: pages.flatMap((p) => p.scripts), styles: pages.flatMap((p) => p.styles) },
        options,
      );
      const target = path.join(context.siteDir, "build-server");
      const settings = JSON.parse(await readFile(path.join(context.siteDir, "serve.json"), "utf8"));
      await mkdir(target, { recursive: true });
      await writeFile(path.join(target, "security-headers.json"), `${JSON.stringify(headers, null, 2)}\n`);
      await writeFile(path.join(target, "security-headers.conf"), nginxHeaders(headers));
      await writeFile(path.join(target, "serve.json"), `${JSON.stringify(serveConfig(settings, headers), null, 2)}\n`);
    },
  };
}

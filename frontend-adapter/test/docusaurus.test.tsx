import { render, screen, waitFor } from "@testing-library/react";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useDocsAuthConfig } from "../src/docusaurus/client.js";
import { normaliseOptions, PLUGIN_NAME } from "../src/docusaurus/options.js";
import docsAuthPlugin, { validateOptions } from "../src/docusaurus/plugin.js";
import Root from "../src/docusaurus/theme/Root.js";
import { FakeUserManager, goTo, ISSUER } from "./fakes.js";
import { history } from "./stubs/router.js";
import { pluginData } from "./stubs/useGlobalData.js";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const options = { keycloakUrl: "http://localhost:8080/", realm: "docs", clientId: "docs-site", apiUrl: "http://localhost:8000/" };

describe("plugin options", () => {
  it("are normalised, with paths under the site's baseUrl", () => {
    // Options not given are left out, not set to undefined.
    expect(Object.keys(normaliseOptions({ ...options, apiUrl: undefined })).sort()).toEqual(["callbackPath", "clientId", "keycloakUrl", "postLogoutPath", "realm"]);
    expect(normaliseOptions(options)).toEqual({
      keycloakUrl: "http://localhost:8080",
      realm: "docs",
      clientId: "docs-site",
      apiUrl: "http://localhost:8000",
      callbackPath: "/auth/callback",
      postLogoutPath: "/",
    });
    expect(normaliseOptions({ ...options, scope: "openid email", uiLocales: "fr-CA fr" }, "/handbook/")).toMatchObject({
      callbackPath: "/handbook/auth/callback",
      postLogoutPath: "/handbook/",
      scope: "openid email",
      uiLocales: "fr-CA fr",
    });
  });

  it("stop the build with a clear message when wrong", () => {
    expect(() => validateOptions({ options: { ...options, realm: "" } })).toThrow(/"realm" must be a non-empty string/);
    expect(validateOptions({ options: { ...options, id: "second" } })).toMatchObject({ id: "second", realm: "docs" });
    expect(validateOptions({ options })).toMatchObject({ id: "default" });
  });
});

describe("plugin", () => {
  const i18n = { currentLocale: "en", defaultLocale: "en", localeConfigs: { en: { htmlLang: "en-GB" }, fr: { htmlLang: "fr" }, ar: {} } };
  const plugin = docsAuthPlugin({ siteDir: packageDir, baseUrl: "/", i18n }, options);

  /** What the plugin gives the pages (its global data) in a build of `locale` with that base URL. */
  async function configIn(locale: string, baseUrl: string, siteOptions: object = options) {
    let data: unknown;
    const routes: unknown[] = [];
    const localePlugin = docsAuthPlugin({ siteDir: packageDir, baseUrl, i18n: { ...i18n, currentLocale: locale } }, siteOptions);
    await localePlugin.contentLoaded({ actions: { addRoute: (r) => routes.push(r), setGlobalData: (d) => (data = d) } });
    return { data, routes };
  }

  it("gives each locale its callback and home under the locale's base URL, and its language for Keycloak", async () => {
    const fr = await configIn("fr", "/fr/");
    expect(fr.routes).toEqual([{ path: "/fr/auth/callback", component: "@theme/DocsAuthCallbackPage", exact: true }]);
    expect(fr.data).toMatchObject({ callbackPath: "/fr/auth/callback", postLogoutPath: "/fr/", uiLocales: "fr" });
    // The locale's htmlLang, else its name; the site's own option first. The default locale sends none: Keycloak
    // then follows the browser's languages (a French browser on the English home still gets Keycloak in French).
    const en = (await configIn("en", "/")).data as Record<string, unknown>;
    expect(en).toMatchObject({ callbackPath: "/auth/callback" });
    expect(en).not.toHaveProperty("uiLocales");
    expect((await configIn("ar", "/ar/")).data).toMatchObject({ uiLocales: "ar" });
    expect((await configIn("de", "/de/")).data).toMatchObject({ uiLocales: "de" });
    expect((await configIn("fr", "/fr/", { ...options, uiLocales: "fr-CA" })).data).toMatchObject({ uiLocales: "fr-CA" });
  });

  it("adds the callback route and shares the config as global data", async () => {
    const routes: unknown[] = [];
    let data: unknown;
    await plugin.contentLoaded({ actions: { addRoute: (r) => routes.push(r), setGlobalData: (d) => (data = d) } });
    expect(routes).toEqual([{ path: "/auth/callback", component: "@theme/DocsAuthCallbackPage", exact: true }]);
    expect(data).toMatchObject({ keycloakUrl: "http://localhost:8080", realm: "docs", clientId: "docs-site" });
    expect(plugin.name).toBe(PLUGIN_NAME);
  });

  it("provides the theme's Root and callback page", () => {
    const themeDir = plugin.getThemePath();
    expect(path.basename(themeDir)).toBe("theme");
    expect(existsSync(path.join(packageDir, "src/docusaurus/theme/Root.tsx"))).toBe(true);
  });

  it("makes the site's bundle use the site's one React", () => {
    const alias = plugin.configureWebpack().resolve.alias;
    // Real paths: Stryker runs the tests in a sandbox whose node_modules is a link to this one.
    const installed = (name: string) => realpathSync(path.join(packageDir, "node_modules", name));
    expect(alias.react).toBe(installed("react"));
    expect(alias["react-dom"]).toBe(installed("react-dom"));
  });
});

describe("theme Root", () => {
  beforeEach(() => {
    pluginData.set(PLUGIN_NAME, normaliseOptions(options));
    history.replace.mockClear();
  });

  it("exposes the config to the site", () => {
    function ApiUrl() {
      return <span>{useDocsAuthConfig().apiUrl}</span>;
    }
    render(
      <Root>
        <ApiUrl />
      </Root>,
    );
    expect(screen.getByText("http://localhost:8000")).toBeTruthy();
  });

  it("refuses a wrong iss with the real oidc-client-ts in place, before any network call", async () => {
    const manager = new FakeUserManager();
    const state = await manager.pendingSignIn();
    // Put a pending sign-in where the real UserManager of the Root looks for it.
    const stored = await manager.settings.stateStore.get(state);
    window.sessionStorage.setItem(`docs-auth.state.${state}`, stored ?? "");
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    goTo(`/auth/callback?state=${state}&iss=${encodeURIComponent("http://evil.example")}&code=c`);
    render(<Root>page</Root>);
    await waitFor(() => expect(window.location.search).toBe(""));
    expect(history.replace).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem(`docs-auth.state.${state}`)).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("shows the reader's notice above the page: a session that ended at page load", async () => {
    // A stored session whose access token expired, renewed with a refresh token Keycloak cannot be asked about.
    const key = `docs-auth.user.user:${ISSUER}:docs-site`;
    window.sessionStorage.setItem(key, JSON.stringify({ access_token: "at", refresh_token: "rt", token_type: "Bearer", profile: { sub: "u-1" }, expires_at: 1 }));
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("Keycloak unreachable"));
    goTo("/docs/intro");
    render(<Root>page</Root>);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Your session has ended. Please sign in again.");
    expect(alert.className).toContain("docs-auth-error--page");
  });

  it("tells a reader whose address is not verified, above every page", async () => {
    // A stored session that is still valid: the Root's real UserManager reads it, no network call.
    const key = `docs-auth.user.user:${ISSUER}:docs-site`;
    const expiresAt = Math.floor(Date.now() / 1000) + 300;
    const profile = { sub: "u-1", email: "ada@example.org", email_verified: false };
    window.sessionStorage.setItem(key, JSON.stringify({ access_token: "at", token_type: "Bearer", profile, expires_at: expiresAt }));
    goTo("/docs/intro");
    render(<Root>page</Root>);
    const notice = await screen.findByRole("status");
    expect(notice.textContent).toContain("ada@example.org is not verified yet");
    expect(notice.className).toContain("docs-auth-email-notice--page");
  });

  it("leaves the notice to the callback page there", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("Keycloak unreachable"));
    goTo(`/auth/callback?state=forged&iss=${encodeURIComponent(ISSUER)}&code=c`);
    render(<Root>page</Root>);
    await waitFor(() => expect(window.location.search).toBe(""));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

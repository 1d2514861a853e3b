import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { normaliseOptions, PLUGIN_NAME, type DocsAuthPluginOptions } from "./options.js";

export { PLUGIN_NAME, type DocsAuthPluginOptions } from "./options.js";

// Only the parts of Docusaurus's plugin API used here, so the package needs no @docusaurus/types.
interface LoadContext {
  siteDir: string;
  /** The current locale's base URL: `/fr/` while Docusaurus builds a site's `fr` locale. */
  baseUrl: string;
  i18n: { currentLocale: string; defaultLocale: string; localeConfigs: Record<string, { htmlLang?: string }> };
}
interface PluginActions {
  setGlobalData(data: unknown): void;
  addRoute(route: { path: string; component: string; exact?: boolean }): void;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Docusaurus plugin: a theme `Root` that wraps the site in `AuthProvider`, the callback page as a real
 * route (so the static build has `auth/callback/index.html`), and the options as global data for both.
 * Docusaurus runs it once per locale: each locale has its own callback and post-logout page under its base URL
 * (`/fr/auth/callback`, `/fr/`), and each locale but the default sends its language to Keycloak (`uiLocales`: the
 * locale's `htmlLang`, unless the options say otherwise). The default locale's pages are what every reader lands on
 * first, whatever their language: they send none, so Keycloak follows the browser's languages (`Accept-Language`),
 * as before the site had locales; a reader on `/fr/` has chosen French.
 */
export default function docsAuthPlugin(context: LoadContext, options: Partial<DocsAuthPluginOptions>) {
  const { currentLocale, defaultLocale, localeConfigs } = context.i18n;
  const uiLocales = currentLocale === defaultLocale ? undefined : (localeConfigs[currentLocale]?.htmlLang ?? currentLocale);
  const config = normaliseOptions({ uiLocales, ...options }, context.baseUrl);
  const fromSite = createRequire(path.join(context.siteDir, "package.json"));
  return {
    name: PLUGIN_NAME,
    getThemePath() {
      return path.join(here, "theme");
    },
    async contentLoaded({ actions }: { actions: PluginActions }) {
      actions.setGlobalData(config);
      actions.addRoute({ path: config.callbackPath ?? "/auth/callback", component: "@theme/DocsAuthCallbackPage", exact: true });
    },
    configureWebpack() {
      // A `file:` dependency is a symlink: without this, the adapter's files would resolve React from the
      // adapter's own node_modules (its test copy) and the site would run two Reacts.
      const dirOf = (name: string) => path.dirname(fromSite.resolve(`${name}/package.json`));
      return { resolve: { alias: { react: dirOf("react"), "react-dom": dirOf("react-dom") } } };
    },
  };
}

/**
 * Docusaurus calls this before the plugin; a bad option stops `docusaurus build` with this message. It must
 * also supply the plugin instance `id` (Docusaurus's own option schemas default it to "default").
 */
export function validateOptions({ options }: { options: Partial<DocsAuthPluginOptions> & { id?: string } }) {
  const { id = "default", ...rest } = options;
  normaliseOptions(rest);
  return { ...rest, id };
}

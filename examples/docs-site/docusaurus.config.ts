import type { Config } from "@docusaurus/types";
import type * as Preset from "@docusaurus/preset-classic";
import type { DocsAuthPluginOptions } from "docs-auth-react/docusaurus";

import securityHeaders from "./plugins/security-headers";

// Read at build time: the static site has these URLs baked in. Defaults are the contract's development ports.
const siteUrl = process.env.DOCS_SITE_URL ?? "http://localhost:3000";
const auth: DocsAuthPluginOptions = {
  keycloakUrl: process.env.DOCS_AUTH_KEYCLOAK_URL ?? "http://localhost:8080",
  realm: process.env.DOCS_AUTH_REALM ?? "docs",
  clientId: process.env.DOCS_AUTH_CLIENT_ID ?? "docs-site",
  apiUrl: process.env.DOCS_AUTH_API_URL ?? "http://localhost:8000",
};

const config: Config = {
  title: "Docs",
  tagline: "Sign in once; the docs and the assistant fit your background",
  url: siteUrl,
  favicon: "img/favicon.svg",
  baseUrl: "/",
  onBrokenLinks: "throw",
  trailingSlash: false,
  // Docusaurus' banner for a wrong baseUrl is an inline script writing inline styles: not needed, not allowed.
  baseUrlIssueBanner: false,
  // Each locale is a build of its own under its base URL (/fr/, /ar/), with its own callback page; the words are in
  // i18n/<locale>/ (README "Languages"). The languages of Keycloak's pages in our theme (themes/docs/*/messages).
  i18n: {
    defaultLocale: "en",
    locales: ["en", "fr", "ar"],
    localeConfigs: {
      en: { label: "English", htmlLang: "en" },
      fr: { label: "Français", htmlLang: "fr" },
      ar: { label: "العربية", htmlLang: "ar", direction: "rtl" },
    },
  },
  presets: [
    [
      "classic",
      {
        docs: { sidebarPath: "./sidebars.ts" },
        blog: false,
        theme: { customCss: "./src/css/custom.css" },
      } satisfies Preset.Options,
    ],
  ],
  // Sign-in for the whole site: a Root around every page and the /auth/callback route.
  plugins: [
    ["docs-auth-react/docusaurus", auth],
    // The headers both servers send (build-server/): the CSP allows Keycloak and the API, by these same URLs.
    (context) => securityHeaders(context, {
      connectTo: [auth.keycloakUrl, auth.apiUrl].filter((url): url is string => !!url),
      frame: [auth.keycloakUrl],
    }),
  ],
  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: "Docs",
      items: [
        { type: "docSidebar", sidebarId: "docs", position: "left", label: "Documentation" },
        { to: "/members", label: "Members", position: "left" },
        { to: "/account", label: "Account", position: "left" },
        { type: "localeDropdown", position: "right" },
        // Registered in src/theme/NavbarItem/ComponentTypes.tsx.
        { type: "custom-docsAuth", position: "right" },
      ],
    },
    footer: { style: "dark", copyright: "Example site of the Keycloak docs sign-in project." },
  } satisfies Preset.ThemeConfig,
};

export default config;

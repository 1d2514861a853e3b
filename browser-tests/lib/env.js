// Where the system under test is; defaults are the project's development ports (docs/contracts.md).
export const KEYCLOAK_URL = (process.env.KEYCLOAK_URL || "http://localhost:8080").replace(/\/$/, "");
export const REALM = "docs";
export const ISSUER = `${KEYCLOAK_URL}/realms/${REALM}`;
export const DOCS_SITE = "docs-site";
export const DOCS_SITE_URL = (process.env.DOCS_SITE_URL || "http://localhost:3000").replace(/\/$/, "");
export const DOCS_SITE_CALLBACK = `${DOCS_SITE_URL}/auth/callback`;
export const RAG_BACKEND_URL = (process.env.RAG_BACKEND_URL || "http://localhost:8000").replace(/\/$/, "");
/** The mail catcher's web page and REST API (scripts/stack.py's MailDev). */
export const MAIL_WEB_URL = (process.env.MAIL_WEB_URL || "http://localhost:8025").replace(/\/$/, "");
/** The master realm's development admin: the variables the launcher hands Keycloak (scripts/stack.py, DEV_ADMIN:
 * admin/admin, development only), read by the Python and Java tests too. */
export const ADMIN = {
  username: process.env.KC_BOOTSTRAP_ADMIN_USERNAME || "admin",
  password: process.env.KC_BOOTSTRAP_ADMIN_PASSWORD || "admin",
};
export const SCREENSHOTS = new URL("../../build/screenshots/", import.meta.url).pathname;
/** Full-size screenshots of each step of the docs site's end-to-end journey (git-ignored). */
export const E2E_SCREENSHOTS = new URL("../../build/screenshots/e2e/", import.meta.url).pathname;
/** The chatbot API's own database login (scripts/stack.py's development role `rag`), to check its rows. */
export const RAG_DATABASE_URL = process.env.RAG_DATABASE_URL || `postgresql://rag:rag@127.0.0.1:${process.env.EMBEDDED_PG_PORT || 5433}/keycloak`;

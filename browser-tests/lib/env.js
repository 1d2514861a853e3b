// Where the system under test is; defaults are the project's development ports (../shared CONTRACTS).
export const KEYCLOAK_URL = (process.env.KEYCLOAK_URL || "http://localhost:8080").replace(/\/$/, "");
export const REALM = "docs";
export const ISSUER = `${KEYCLOAK_URL}/realms/${REALM}`;
export const DOCS_SITE = "docs-site";
export const DOCS_SITE_CALLBACK = `${process.env.DOCS_SITE_URL || "http://localhost:3000"}/auth/callback`;
export const ADMIN = { username: process.env.KEYCLOAK_ADMIN_USER || "admin", password: process.env.KEYCLOAK_ADMIN_PASSWORD || "admin" };
export const SCREENSHOTS = new URL("../../build/screenshots/", import.meta.url).pathname;

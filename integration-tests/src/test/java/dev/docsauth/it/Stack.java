package dev.docsauth.it;

import java.nio.file.Path;

/**
 * Where the running stack is: set by `make test` (scripts/test.sh) in the environment, or by container-tests/ in
 * system properties of the same names; defaults for a stack started by hand.
 */
final class Stack {

    static final String KEYCLOAK_URL = env("KEYCLOAK_URL", "http://localhost:8080");
    static final String MANAGEMENT_URL = env("KEYCLOAK_MANAGEMENT_URL", "http://localhost:9000");
    static final String REALM = "docs";
    static final String ISSUER = KEYCLOAK_URL + "/realms/" + REALM;
    static final String TOKEN_ENDPOINT = ISSUER + "/protocol/openid-connect/token";
    static final String ADMIN_USER = env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    static final String ADMIN_PASSWORD = env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    static final String DOCS_SITE = "docs-site";
    /** The docs site's origin, as the realm import read it (DOCS_SITE_URL): its redirect and post-logout URIs. */
    static final String DOCS_SITE_URL = env("DOCS_SITE_URL", "http://localhost:3000").replaceAll("/$", "");
    static final String DOCS_SITE_CALLBACK = DOCS_SITE_URL + "/auth/callback";
    /** Keycloak's database (the embedded PostgreSQL's development defaults), for checks of its schema. */
    static final String DB_URL = env("KEYCLOAK_DB_URL", "jdbc:postgresql://127.0.0.1:5433/keycloak");
    static final String DB_USER = env("KEYCLOAK_DB_USER", "keycloak");
    static final String DB_PASSWORD = env("KEYCLOAK_DB_PASSWORD", "keycloak");
    /**
     * The tests' own receiver of signals (SignalsIT): Keycloak pushes to it as its receiver {@code it}, whose
     * options scripts/test.sh gives Keycloak (KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__IT_URL...) from these.
     */
    static final int SIGNALS_RECEIVER_PORT = Integer.parseInt(env("SIGNALS_IT_RECEIVER_PORT", "8099"));
    static final String SIGNALS_AUDIENCE = "signals-it";
    static final String SIGNALS_SECRET = env("SIGNALS_IT_SECRET", "test-only-signals-it-secret");
    /** Keycloak's log file, where the audit lines land. */
    static final Path KEYCLOAK_LOG = Path.of(env("KEYCLOAK_LOG", "build/test-stack/logs/keycloak.log"));

    private Stack() {
    }

    private static String env(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}

package dev.docsauth.keycloak.export;

import java.util.List;
import java.util.stream.Collectors;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.services.cors.Cors;

/**
 * CORS (Fetch standard) of the reader's export, done by Keycloak's own {@link Cors}: a browser page of another
 * origin may call it when that origin is a web origin of the access token's client; a preflight, which carries no
 * token, when the origin is a web origin of any client of the realm. Exposes {@code Retry-After} and
 * {@code WWW-Authenticate}, so that the page can read why it was refused.
 */
final class ExportCors {

    static final String[] EXPOSED = {"Retry-After", "WWW-Authenticate"};

    private ExportCors() {
    }

    /** Keycloak's CORS builder for the answer to a GET; the caller then checks the origin and adds it. */
    static Cors forGet() {
        return Cors.builder().auth().allowedMethods("GET").exposedHeaders(EXPOSED);
    }

    /** A preflight's answer: allowed for the realm's web origins, without CORS headers for any other. */
    static Cors forPreflight(KeycloakSession session, RealmModel realm) {
        return Cors.builder().preflight().auth().allowedMethods("GET").checkAllowedOrigins(realmOrigins(session, realm));
    }

    /** Every web origin of every client of the realm ({@code +} resolved to the redirect URIs' origins). */
    static List<String> realmOrigins(KeycloakSession session, RealmModel realm) {
        return realm.getClientsStream().flatMap(c -> WebOriginsUtils.resolveValidWebOrigins(session, c).stream())
                .distinct().collect(Collectors.toList());
    }
}

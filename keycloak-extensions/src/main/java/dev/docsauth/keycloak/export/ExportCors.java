package dev.docsauth.keycloak.export;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.utils.WebOriginsUtils;
import org.keycloak.services.cors.Cors;

/**
 * CORS (Fetch standard) of the reader's export, done by Keycloak's own {@link Cors}: a browser page of another
 * origin may call it when that origin is a web origin of the access token's client; a preflight, which carries no
 * token, only when the origin is a web origin of some client of the realm. Exposes {@code Retry-After} and
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

    /**
     * A preflight's answer: with CORS headers for a web origin of the realm's clients, without any for another origin
     * (Keycloak's own preflights answer every origin and leave the check to the request; this one tells a page of
     * an unknown origin no at once).
     */
    static Response preflight(KeycloakSession session, RealmModel realm) {
        String origin = session.getContext().getRequestHeaders().getHeaderString(Cors.ORIGIN_HEADER);
        if (origin == null || !realmOrigins(session, realm).contains(origin)) {
            return Response.ok().build();
        }
        return Cors.builder().preflight().auth().allowedMethods("GET").add(Response.ok());
    }

    /** Every web origin of every client of the realm ({@code +} resolved to the redirect URIs' origins). */
    static List<String> realmOrigins(KeycloakSession session, RealmModel realm) {
        return realm.getClientsStream().flatMap(c -> WebOriginsUtils.resolveValidWebOrigins(session, c).stream())
                .distinct().collect(Collectors.toList());
    }
}

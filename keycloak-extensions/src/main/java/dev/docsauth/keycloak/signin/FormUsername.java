package dev.docsauth.keycloak.signin;

import java.util.List;

import dev.docsauth.keycloak.text.TypedText;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The {@code username} field of Keycloak's sign-in and reset forms, normalised by {@link TypedText} as an
 * identifier before Keycloak reads it, so a reader finds the account they signed up with (a trailing no-break
 * space, a full-width address), and a refused character (NUL, which PostgreSQL cannot take, among them) reaches
 * no query: the field is emptied, and Keycloak answers with its own error for an empty field.
 */
final class FormUsername {

    static final String FIELD = "username";

    private FormUsername() {
    }

    /**
     * Rewrites the field in place. Keycloak caches a request's decoded form in one mutable map for the whole
     * request (Quarkus's {@code QuarkusHttpRequest}), which the authenticators then read: the integration tests
     * (TypedTextIT) fail if an upgrade changes that.
     *
     * @param form the decoded form of the request; an empty or immutable map without the field is left alone
     */
    static void normalizeIn(MultivaluedMap<String, String> form) {
        String raw = form.getFirst(FIELD);
        if (raw == null) {
            return;
        }
        String username = TypedText.normalize(raw, TypedText.Kind.IDENTIFIER);
        boolean refused = TypedText.refusedCodePoint(username, TypedText.Kind.IDENTIFIER).isPresent();
        form.put(FIELD, List.of(refused ? "" : username));
    }
}

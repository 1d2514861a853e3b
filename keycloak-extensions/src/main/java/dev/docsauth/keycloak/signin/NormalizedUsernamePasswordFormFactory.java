package dev.docsauth.keycloak.signin;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Takes over Keycloak's {@code auth-username-password-form} under the same id (the higher {@link #order()}
 * wins), so every flow that signs in with a password, the realm's browser flow among them, reads the username
 * through {@link FormUsername}. Its options, display name and requirement choices are Keycloak's.
 */
public class NormalizedUsernamePasswordFormFactory extends UsernamePasswordFormFactory {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new NormalizedUsernamePasswordForm(session);
    }

    @Override
    public int order() {
        return 10;
    }
}

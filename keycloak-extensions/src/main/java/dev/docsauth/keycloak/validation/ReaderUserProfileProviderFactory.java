package dev.docsauth.keycloak.validation;

import org.keycloak.models.KeycloakSession;
import org.keycloak.userprofile.DeclarativeUserProfileProvider;
import org.keycloak.userprofile.DeclarativeUserProfileProviderFactory;

/**
 * Replaces Keycloak's declarative user profile provider under the same id ({@code declarative-user-profile}),
 * so realms, their stored user-profile configuration and the admin console see no difference; the higher
 * {@link #order()} makes Keycloak choose this one. The only change: {@link ReaderAttributes}.
 */
public class ReaderUserProfileProviderFactory extends DeclarativeUserProfileProviderFactory {

    @Override
    public DeclarativeUserProfileProvider create(KeycloakSession session) {
        return new ReaderUserProfileProvider(session, this);
    }

    @Override
    public int order() {
        return PROVIDER_PRIORITY + 10;
    }
}

package dev.docsauth.keycloak.validation;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.DeclarativeUserProfileProvider;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileMetadata;

/** Keycloak's declarative user profile, reading and writing through {@link ReaderAttributes}: our rules for typed text and {@code required-when}. */
public class ReaderUserProfileProvider extends DeclarativeUserProfileProvider {

    private final KeycloakSession session;

    public ReaderUserProfileProvider(KeycloakSession session, ReaderUserProfileProviderFactory factory) {
        super(session, factory);
        this.session = session;
    }

    @Override
    protected Attributes createAttributes(UserProfileContext context, Map<String, ?> attributes, UserModel user,
            UserProfileMetadata metadata) {
        // Service accounts keep Keycloak's own attribute handling.
        if (user != null && user.getServiceAccountClientLink() != null) {
            return super.createAttributes(context, attributes, user, metadata);
        }
        return new ReaderAttributes(context, attributes, user, metadata, session);
    }
}

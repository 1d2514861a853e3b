package dev.docsauth.keycloak.validation;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.DeclarativeUserProfileProvider;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileMetadata;

import dev.docsauth.keycloak.consent.ConsentRecordingUserProfile;
import dev.docsauth.keycloak.signals.SignalingUserProfile;

/**
 * Keycloak's declarative user profile, reading and writing through {@link ReaderAttributes}: our rules for typed
 * text and {@code required-when}; an existing user's profile reports its changes to the signals transmitter
 * ({@link SignalingUserProfile}), and every profile records the consents to personalisation it gives or withdraws
 * ({@link ConsentRecordingUserProfile}).
 */
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

    @Override
    public UserProfile create(UserProfileContext context, UserModel user) {
        return reporting(context, super.create(context, user), user);
    }

    @Override
    public UserProfile create(UserProfileContext context, Map<String, ?> attributes, UserModel user) {
        return reporting(context, super.create(context, attributes, user), user);
    }

    @Override
    public UserProfile create(UserProfileContext context, Map<String, ?> attributes) {
        return reporting(context, super.create(context, attributes), null);
    }

    /** {@code profile}, reporting its changes to the signals transmitter and recording consents given or withdrawn. */
    private UserProfile reporting(UserProfileContext context, UserProfile profile, UserModel user) {
        return ConsentRecordingUserProfile.wrap(session, context, SignalingUserProfile.wrap(session, profile, user), user);
    }
}

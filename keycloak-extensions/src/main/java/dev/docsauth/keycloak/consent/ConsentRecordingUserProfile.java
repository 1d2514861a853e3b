package dev.docsauth.keycloak.consent;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.AbstractUserRepresentation;
import org.keycloak.userprofile.AttributeChangeListener;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.ValidationException;

/**
 * A user profile that records each consent to personalisation given or withdrawn ({@link ConsentHistory}): a user
 * created with the consent given, or an update that changes whether it is given. Every path that creates or
 * changes a user goes through the user profile (sign-up, required actions, account REST API, admin REST API).
 */
public final class ConsentRecordingUserProfile implements UserProfile {

    private final KeycloakSession session;
    private final UserProfile delegate;
    private final UserModel user;
    private final ConsentMethod method;

    private ConsentRecordingUserProfile(KeycloakSession session, UserProfile delegate, UserModel user, ConsentMethod method) {
        this.session = session;
        this.delegate = delegate;
        this.user = user;
        this.method = method;
    }

    /** {@code profile}, recording the consents it gives or withdraws; {@code user} is null for a new user. */
    public static UserProfile wrap(KeycloakSession session, UserProfileContext context, UserProfile profile, UserModel user) {
        return new ConsentRecordingUserProfile(session, profile, user, ConsentMethod.of(context));
    }

    @Override
    public void update(boolean removeAttributes, AttributeChangeListener... changeListener) throws ValidationException {
        boolean before = PersonalizationConsent.given(user);
        delegate.update(removeAttributes, changeListener);
        boolean after = PersonalizationConsent.given(user);
        if (before != after) {
            ConsentHistory.record(session, session.getContext().getRealm(), user, after, method);
        }
    }

    @Override
    public UserModel create() throws ValidationException {
        return recorded(delegate.create());
    }

    @Override
    public UserModel create(boolean validate) throws ValidationException {
        return recorded(delegate.create(validate));
    }

    private UserModel recorded(UserModel created) {
        if (PersonalizationConsent.given(created)) {
            ConsentHistory.record(session, session.getContext().getRealm(), created, true, method);
        }
        return created;
    }

    @Override
    public void validate() throws ValidationException {
        delegate.validate();
    }

    @Override
    public Attributes getAttributes() {
        return delegate.getAttributes();
    }

    @Override
    public <R extends AbstractUserRepresentation> R toRepresentation(boolean full) {
        return delegate.toRepresentation(full);
    }
}

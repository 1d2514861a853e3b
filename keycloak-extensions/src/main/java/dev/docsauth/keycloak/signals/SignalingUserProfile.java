package dev.docsauth.keycloak.signals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeChangeListener;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.ValidationException;

import dev.docsauth.keycloak.userprofile.ForwardingUserProfile;

/**
 * A user profile that reports its changes to the signals transmitter: every update of an existing user (the
 * reader's own in the account console or a required action, an admin's) goes through it. Watched attributes that
 * changed become one {@code token-claims-change}; the enabled flag before the update is noted for the admin event
 * that follows ({@link SignalsEventListenerProvider#recordEnabledBefore}).
 */
public final class SignalingUserProfile extends ForwardingUserProfile {

    private final KeycloakSession session;
    private final UserModel user;

    private SignalingUserProfile(KeycloakSession session, UserProfile delegate, UserModel user) {
        super(delegate);
        this.session = session;
        this.user = user;
    }

    /** {@code profile} itself when there is no existing user to update (a sign-up), else the reporting wrapper. */
    public static UserProfile wrap(KeycloakSession session, UserProfile profile, UserModel user) {
        return user == null ? profile : new SignalingUserProfile(session, profile, user);
    }

    @Override
    public void update(boolean removeAttributes, AttributeChangeListener... changeListener) throws ValidationException {
        SignalsEventListenerProvider.recordEnabledBefore(session, user);
        Set<String> watched = SignalsEventListenerProviderFactory.claims(session);
        Map<String, Object> changed = new LinkedHashMap<>();
        AttributeChangeListener[] listeners = Arrays.copyOf(changeListener, changeListener.length + 1);
        listeners[changeListener.length] = (name, changedUser, oldValue) -> {
            if (watched.contains(name)) {
                changed.put(name, claim(changedUser.getAttributeStream(name).collect(Collectors.toList())));
            }
        };
        delegate.update(removeAttributes, listeners);
        RealmModel realm = session.getContext().getRealm();
        if (!changed.isEmpty()) {
            SignalsEventListenerProviderFactory.in(session, realm).ifPresent(t -> t.onClaimsChanged(realm, user, changed));
        }
    }

    /** A claim's new value: none as {@code null}, one as a string, more as a list. */
    static Object claim(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : List.copyOf(values);
    }
}

package dev.docsauth.keycloak.signals;

import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.session.UserSessionPersisterProvider;

/**
 * See {@link SignalsEventListenerProviderFactory}. Keycloak calls it inside the request's transaction, before the
 * commit: the rows it adds commit or roll back with the change.
 */
public class SignalsEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(SignalsEventListenerProvider.class);
    private static final String ENABLED_BEFORE = SignalsEventListenerProvider.class.getName() + ".enabledBefore.";

    private final KeycloakSession session;
    private final SignalOutbox outbox;

    SignalsEventListenerProvider(KeycloakSession session, SignalOutbox outbox) {
        this.session = session;
        this.outbox = outbox;
    }

    @Override
    public void onEvent(Event event) {
        SignalMapper.of(event).ifPresent(signal -> outbox.add(session, realm(event.getRealmId()), signal));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        RealmModel realm = realm(event.getRealmId());
        SignalMapper.of(event).ifPresent(signal -> outbox.add(session, realm, signal));
        SignalMapper.endedSession(event).ifPresent(sid -> sessionOwner(realm, sid).ifPresentOrElse(
                userId -> outbox.add(session, realm, SecurityEvent.sessionRevoked(userId, sid, event.getTime() / 1000,
                        event.getId())),
                () -> LOG.warn("An admin ended a session whose reader is not in the persisted sessions (is the feature"
                        + " persistent-user-sessions off?): no session-revoked sent")));
        SignalMapper.updatedUser(event).ifPresent(userId -> {
            Boolean before = (Boolean) session.getAttribute(ENABLED_BEFORE + userId);
            UserModel user = session.users().getUserById(realm, userId);
            if (before != null && user != null) {
                SignalMapper.ofEnabledChange(userId, before, user.isEnabled(), event.getTime() / 1000, event.getId())
                        .ifPresent(signal -> outbox.add(session, realm, signal));
            }
        });
    }

    /**
     * Notes the user's enabled flag before an update through the user profile, which an admin's
     * {@code PUT users/{id}} makes before it sets the flag; {@link #onEvent(AdminEvent, boolean)} compares.
     */
    static void recordEnabledBefore(KeycloakSession session, UserModel user) {
        if (session.getAttribute(ENABLED_BEFORE + user.getId()) == null) {
            session.setAttribute(ENABLED_BEFORE + user.getId(), user.isEnabled());
        }
    }

    /**
     * The user of a session an admin has just ended ({@code DELETE sessions/{id}}). Keycloak has taken it out of the
     * session cache by now, but the persisted session (Keycloak 26's persistent user sessions) goes only at the
     * commit, after this listener: read there, online first, then offline.
     */
    private Optional<String> sessionOwner(RealmModel realm, String sid) {
        UserSessionPersisterProvider persister = session.getProvider(UserSessionPersisterProvider.class);
        if (persister == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(persister.loadUserSession(realm, sid, false))
                .or(() -> Optional.ofNullable(persister.loadUserSession(realm, sid, true)))
                .map(userSession -> userSession.getUser().getId());
    }

    /** A deletion, by any path: an admin's, the reader's own, a bulk one; fired inside the deleting transaction. */
    void onUserRemoved(UserModel.UserRemovedEvent removed) {
        outbox.add(removed.getKeycloakSession(), removed.getRealm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_PURGED,
                removed.getUser().getId(), Time.currentTime(), null));
    }

    void onClaimsChanged(RealmModel realm, UserModel user, Map<String, Object> claims) {
        outbox.add(session, realm, new SecurityEvent(SecurityEvent.TOKEN_CLAIMS_CHANGE, user.getId(), null,
                Time.currentTime(), Map.of("claims", claims), null));
    }

    private RealmModel realm(String realmId) {
        return Optional.ofNullable(realmId).map(id -> session.realms().getRealm(id)).orElse(session.getContext().getRealm());
    }

    @Override
    public void close() {
    }
}

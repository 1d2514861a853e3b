package dev.docsauth.keycloak.audit;

import java.util.Optional;
import java.util.function.Consumer;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Per-session and cheap: maps each event now, and emits it once the transaction has committed. */
public class DocsAuditEventListenerProvider implements EventListenerProvider {

    private final KeycloakSession session;
    private final Consumer<AuditEvent> sink;
    private AfterCommitTransaction tx;

    public DocsAuditEventListenerProvider(KeycloakSession session, Consumer<AuditEvent> sink) {
        this.session = session;
        this.sink = sink;
    }

    @Override
    public void onEvent(Event event) {
        enlist(AuditEventMapper.map(event, needsCohort(event) ? user(event.getUserId()) : null));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String userId = AuditEventMapper.userIdFromPath(event.getResourcePath());
        enlist(AuditEventMapper.map(event, userId == null ? null : user(userId)));
    }

    private static boolean needsCohort(Event event) {
        return event.getType() != null && switch (event.getType()) {
            case REGISTER, UPDATE_PROFILE -> true;
            default -> false;
        };
    }

    private UserModel user(String userId) {
        RealmModel realm = session.getContext().getRealm();
        return userId == null || realm == null ? null : session.users().getUserById(realm, userId);
    }

    private void enlist(Optional<AuditEvent> event) {
        if (event.isEmpty()) {
            return;
        }
        if (tx == null) {
            tx = new AfterCommitTransaction(sink);
            session.getTransactionManager().enlistAfterCompletion(tx);
        }
        tx.add(event.get());
    }

    @Override
    public void close() {
    }
}

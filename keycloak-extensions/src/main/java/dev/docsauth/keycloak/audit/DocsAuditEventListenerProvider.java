package dev.docsauth.keycloak.audit;

import java.util.Optional;
import java.util.function.Consumer;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.docsauth.keycloak.transaction.AfterCommitTransaction;

/** Per-session and cheap: maps each event now, and emits it once the transaction has committed. */
public class DocsAuditEventListenerProvider implements EventListenerProvider {

    private final KeycloakSession session;
    private final Consumer<AuditEvent> sink;
    private AfterCommitTransaction<AuditEvent> tx;

    public DocsAuditEventListenerProvider(KeycloakSession session, Consumer<AuditEvent> sink) {
        this.session = session;
        this.sink = sink;
    }

    @Override
    public void onEvent(Event event) {
        RealmModel realm = session.getContext().getRealm();
        enlist(AuditEventMapper.map(event, AuditEventMapper.carriesCohort(event.getType()) ? user(realm, event.getUserId()) : null));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // The admin signed in to another realm (master) than the one whose user changed.
        RealmModel realm = event.getRealmId() == null ? null : session.realms().getRealm(event.getRealmId());
        String userId = AuditEventMapper.userIdFromPath(event.getResourcePath());
        enlist(AuditEventMapper.map(event, realm == null ? null : realm.getName(), user(realm, userId)));
    }

    private UserModel user(RealmModel realm, String userId) {
        return userId == null || realm == null ? null : session.users().getUserById(realm, userId);
    }

    private void enlist(Optional<AuditEvent> event) {
        if (event.isEmpty()) {
            return;
        }
        if (tx == null) {
            tx = new AfterCommitTransaction<>(sink);
            session.getTransactionManager().enlistAfterCompletion(tx);
        }
        tx.add(event.get());
    }

    @Override
    public void close() {
    }
}

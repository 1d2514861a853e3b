package dev.docsauth.keycloak.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.keycloak.models.AbstractKeycloakTransaction;

/**
 * Holds audit events until Keycloak's transaction has committed, then hands them on; on a rollback they are
 * dropped, so a sign-up that failed to persist leaves neither a log line nor a count.
 */
final class AfterCommitTransaction extends AbstractKeycloakTransaction {

    private final List<AuditEvent> pending = new ArrayList<>();
    private final Consumer<AuditEvent> onCommit;

    AfterCommitTransaction(Consumer<AuditEvent> onCommit) {
        this.onCommit = onCommit;
    }

    void add(AuditEvent event) {
        pending.add(event);
    }

    @Override
    protected void commitImpl() {
        pending.forEach(onCommit);
        pending.clear();
    }

    @Override
    protected void rollbackImpl() {
        pending.clear();
    }
}

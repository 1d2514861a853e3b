package dev.docsauth.keycloak.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Holds items until Keycloak's transaction has committed, then hands them on in order; on a rollback they are
 * dropped. Enlist it with {@code session.getTransactionManager().enlistAfterCompletion(...)}. Used for the audit
 * events (a sign-up that failed to persist leaves neither a log line nor a count) and for mail (nothing is sent
 * for a change that was rolled back).
 *
 * @param <T> what is held: audit events, or mail jobs ({@link Runnable})
 */
public final class AfterCommitTransaction<T> extends AbstractKeycloakTransaction {

    private final List<T> pending = new ArrayList<>();
    private final Consumer<T> onCommit;

    public AfterCommitTransaction(Consumer<T> onCommit) {
        this.onCommit = onCommit;
    }

    public void add(T item) {
        pending.add(item);
    }

    /**
     * Hands {@code item} to {@code onCommit} once {@code session}'s transaction commits, or at once when it has
     * committed already (as for work asked for by another after-commit step).
     */
    public static <T> void afterCommit(KeycloakSession session, T item, Consumer<T> onCommit) {
        AfterCommitTransaction<T> tx = new AfterCommitTransaction<>(onCommit);
        tx.add(item);
        try {
            session.getTransactionManager().enlistAfterCompletion(tx);
        } catch (IllegalStateException committed) {
            onCommit.accept(item);
        }
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

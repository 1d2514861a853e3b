package dev.docsauth.keycloak.audit;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.docsauth.keycloak.transaction.AfterCommitTransaction;

/**
 * Erases a deleted reader's events from Keycloak's event store ({@code EVENT_ENTITY}: sign-ins with their IP address,
 * clients, sessions) once the deletion has committed, in a transaction of its own, instead of keeping them for the
 * realm's {@code eventsExpiration} (90 days); the event of the deletion itself, stored by the deleting transaction,
 * goes too (GDPR article 17). The fact of the deletion stays: an {@code account_deleted} audit line with neither user
 * id nor address, and for an admin's deletion Keycloak's admin event (the user id alone). Keycloak's event store has
 * no per-user delete, so this is a bulk delete on its own JPA entity. A crash between the commit and the erasure
 * leaves the events to expire as before.
 */
final class StoredEventsErasure {

    private static final String ERASE = "DELETE FROM EventEntity e WHERE e.realmId = :realm AND e.userId = :user";

    private StoredEventsErasure() {
    }

    /** Erases the events of {@code userId} in {@code realmId} once {@code session}'s transaction has committed. */
    static void afterCommit(KeycloakSession session, String realmId, String userId) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        AfterCommitTransaction.afterCommit(session, userId,
                id -> KeycloakModelUtils.runJobInTransaction(factory, erasing -> erase(erasing, realmId, id)));
    }

    /** @return the events deleted */
    static int erase(KeycloakSession session, String realmId, String userId) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager().createQuery(ERASE)
                .setParameter("realm", realmId).setParameter("user", userId).executeUpdate();
    }
}

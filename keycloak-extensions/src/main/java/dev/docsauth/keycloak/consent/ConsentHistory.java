package dev.docsauth.keycloak.consent;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A reader's consent history (table {@code DOCS_CONSENT_HISTORY}, Keycloak's database), read and written through
 * Keycloak's own {@code EntityManager}: in the transaction of the session, so a record commits or rolls back with
 * the change it records.
 */
public final class ConsentHistory {

    private ConsentHistory() {
    }

    /**
     * The consents {@code user} of {@code realm} gave or withdrew, oldest first; empty when there are none.
     * Rows of another user or realm never appear.
     */
    public static List<ConsentRecord> of(KeycloakSession session, RealmModel realm, UserModel user) {
        return em(session)
                .createQuery("select c from ConsentRecordEntity c where c.realmId = :realm and c.userId = :user"
                        + " order by c.changedAt, c.id", ConsentRecordEntity.class)
                .setParameter("realm", realm.getId())
                .setParameter("user", user.getId())
                .getResultStream()
                .map(row -> new ConsentRecord(row.isGiven(), row.getChangedAt(), row.getWording(), row.getWordingVersion(),
                        ConsentMethod.ofWireName(row.getMethod())))
                .collect(Collectors.toList());
    }

    /** Records that {@code user} gave ({@code given}) or withdrew the consent now, by {@code method}, with today's wording. */
    static void record(KeycloakSession session, RealmModel realm, UserModel user, boolean given, ConsentMethod method) {
        ConsentRecordEntity row = new ConsentRecordEntity();
        row.setId(UUID.randomUUID().toString());
        row.setRealmId(realm.getId());
        row.setUserId(user.getId());
        row.setGiven(given);
        row.setChangedAt(Time.currentTimeMillis());
        row.setWording(ConsentWording.SENTENCE);
        row.setWordingVersion(ConsentWording.VERSION);
        row.setMethod(method.wireName());
        em(session).persist(row);
    }

    /** Deletes the history of the user {@code userId} of {@code realm} (the user is being deleted). */
    static void deleteOf(KeycloakSession session, RealmModel realm, String userId) {
        em(session).createQuery("delete from ConsentRecordEntity c where c.realmId = :realm and c.userId = :user")
                .setParameter("realm", realm.getId())
                .setParameter("user", userId)
                .executeUpdate();
    }

    /** Deletes every history of {@code realm} (the realm is being deleted). */
    static void deleteIn(KeycloakSession session, RealmModel realm) {
        em(session).createQuery("delete from ConsentRecordEntity c where c.realmId = :realm")
                .setParameter("realm", realm.getId())
                .executeUpdate();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}

package dev.docsauth.keycloak.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.docsauth.keycloak.Fake;

/**
 * What ConsentHistory asks of Keycloak's EntityManager: a record persisted with today's wording, the reader's rows
 * read back as records in the query's order, and the deletions for a user and for a realm with their parameters.
 * (The real table: AccountApiConsentIT, AccountDeletionIT.)
 */
class ConsentHistoryTest {

    private final List<Object> persisted = new ArrayList<>();
    private final List<String> queries = new ArrayList<>();
    private final Map<String, Object> parameters = new HashMap<>();
    private final List<ConsentRecordEntity> stored = new ArrayList<>();

    private KeycloakSession session() {
        TypedQuery<?>[] typed = new TypedQuery<?>[1];
        typed[0] = Fake.of(TypedQuery.class, Map.of(
                "setParameter", a -> { parameters.put((String) a[0], a[1]); return typed[0]; },
                "getResultStream", a -> stored.stream()));
        Query[] update = new Query[1];
        update[0] = Fake.of(Query.class, Map.of(
                "setParameter", a -> { parameters.put((String) a[0], a[1]); return update[0]; },
                "executeUpdate", a -> 1));
        EntityManager em = Fake.of(EntityManager.class, Map.of(
                "persist", a -> persisted.add(a[0]),
                "createQuery", a -> { queries.add((String) a[0]); return a.length == 2 ? typed[0] : update[0]; }));
        JpaConnectionProvider jpa = Fake.of(JpaConnectionProvider.class, Map.of("getEntityManager", a -> em));
        return Fake.of(KeycloakSession.class, Map.of("getProvider", a -> jpa));
    }

    private static RealmModel realm() {
        return Fake.of(RealmModel.class, Map.of("getId", a -> "realm-1"));
    }

    private static UserModel user() {
        return Fake.of(UserModel.class, Map.of("getId", a -> "user-1"));
    }

    @Test
    void aRecordIsPersistedWithTodaysWordingAndHowItWasGiven() {
        long before = System.currentTimeMillis();
        ConsentHistory.record(session(), realm(), user(), true, ConsentMethod.ACCOUNT);

        ConsentRecordEntity row = (ConsentRecordEntity) persisted.get(0);
        assertEquals("realm-1", row.getRealmId());
        assertEquals("user-1", row.getUserId());
        assertTrue(row.isGiven());
        assertEquals(ConsentWording.SENTENCE, row.getWording());
        assertEquals(ConsentWording.VERSION, row.getWordingVersion());
        assertEquals("account", row.getMethod());
        assertTrue(row.getChangedAt() >= before && row.getChangedAt() <= System.currentTimeMillis());
        assertEquals(36, row.getId().length());
    }

    @Test
    void theReadersRowsComeBackAsRecordsOfThatReaderAndRealm() {
        ConsentRecordEntity given = new ConsentRecordEntity();
        given.setGiven(true);
        given.setChangedAt(10);
        given.setWording("w");
        given.setWordingVersion("1");
        given.setMethod("sign-up");
        ConsentRecordEntity withdrawn = new ConsentRecordEntity();
        withdrawn.setGiven(false);
        withdrawn.setChangedAt(20);
        withdrawn.setWording("w");
        withdrawn.setWordingVersion("1");
        withdrawn.setMethod("admin");
        stored.addAll(List.of(given, withdrawn));

        List<ConsentRecord> records = ConsentHistory.of(session(), realm(), user());

        assertEquals(List.of(new ConsentRecord(true, 10, "w", "1", ConsentMethod.SIGN_UP),
                new ConsentRecord(false, 20, "w", "1", ConsentMethod.ADMIN)), records);
        assertEquals(Map.of("realm", "realm-1", "user", "user-1"), parameters);
        assertTrue(queries.get(0).contains("order by c.changedAt"), queries.get(0));
    }

    @Test
    void deletionsNameTheUserAndRealmOrTheRealmAlone() {
        ConsentHistory.deleteOf(session(), realm(), "user-2");
        assertEquals(Map.of("realm", "realm-1", "user", "user-2"), parameters);
        parameters.clear();
        ConsentHistory.deleteIn(session(), realm());
        assertEquals(Map.of("realm", "realm-1"), parameters);
        assertTrue(queries.stream().allMatch(q -> q.startsWith("delete from ConsentRecordEntity")), queries.toString());
        assertEquals(2, queries.size());
    }
}

package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.docsauth.keycloak.Fake;

/** The rows written in the change's transaction, through a stand-in of Keycloak's session and EntityManager. */
class SignalOutboxTest {

    static final String ISS = "http://localhost:8080/realms/docs";

    final List<Object> persisted = new ArrayList<>();
    final List<KeycloakTransaction> afterCompletion = new ArrayList<>();
    final Map<String, Object> attributes = new HashMap<>();
    final KeycloakSession session = session();

    private KeycloakSession session() {
        EntityManager em = Fake.of(EntityManager.class, Map.of("persist", a -> persisted.add(a[0])));
        JpaConnectionProvider jpa = Fake.of(JpaConnectionProvider.class, Map.of("getEntityManager", a -> em));
        KeycloakTransactionManager tm = Fake.of(KeycloakTransactionManager.class,
                Map.of("enlistAfterCompletion", a -> afterCompletion.add((KeycloakTransaction) a[0])));
        KeycloakContext context = Fake.of(KeycloakContext.class, Map.of("getUri", a -> null));
        return Fake.of(KeycloakSession.class, Map.of("getProvider", a -> jpa, "getTransactionManager", a -> tm,
                "getContext", a -> context,
                "getAttribute", a -> attributes.get((String) a[0]),
                "setAttribute", a -> attributes.put((String) a[0], a[1])));
    }

    static RealmModel realm() {
        return Fake.of(RealmModel.class, Map.of("getId", a -> "realm-1", "getName", a -> "docs"));
    }

    static List<Receiver> receivers() {
        return List.of(new Receiver("rag", URI.create("http://localhost:8000/x"), "rag-api", "s1"),
                new Receiver("it", URI.create("http://localhost:8099/x"), "signals-it", "s2"));
    }

    @Test
    void oneRowPerReceiverEachWithItsOwnJtiAndAudienceAndOneNudgeAfterTheCommit() throws Exception {
        AtomicInteger nudges = new AtomicInteger();
        SignalOutbox outbox = new SignalOutbox(receivers(), nudges::incrementAndGet, (s, r) -> ISS);
        outbox.add(session, realm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_DISABLED, "u-1", 5, "ev"));
        outbox.add(session, realm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_ENABLED, "u-1", 6, "ev2"));

        assertEquals(4, persisted.size());
        SignalOutboxEntity rag = (SignalOutboxEntity) persisted.get(0);
        SignalOutboxEntity it = (SignalOutboxEntity) persisted.get(1);
        assertEquals("rag", rag.getReceiver());
        assertEquals("it", it.getReceiver());
        assertEquals("realm-1", rag.getRealmId());
        assertEquals(0, rag.getAttempts());
        assertEquals(rag.getCreatedAt(), rag.getNextAttemptAt(), "due at once");
        assertNotEquals(rag.getId(), it.getId());
        Map<?, ?> claims = JsonSerialization.readValue(rag.getClaims(), Map.class);
        assertEquals(rag.getId(), claims.get("jti"), "the row's id is the SET's jti");
        assertEquals("rag-api", claims.get("aud"));
        assertEquals(ISS, claims.get("iss"));
        assertEquals("signals-it", JsonSerialization.readValue(it.getClaims(), Map.class).get("aud"));

        assertEquals(1, afterCompletion.size(), "one nudge per transaction");
        assertEquals(0, nudges.get(), "nothing before the commit");
        afterCompletion.get(0).begin();
        afterCompletion.get(0).commit();
        assertEquals(1, nudges.get());
    }

    @Test
    void theSetIsIssuedAtTheSecondItWasWritten() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        new SignalOutbox(receivers(), () -> { }, (s, r) -> ISS)
                .add(session, realm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_DISABLED, "u-1", 5, "ev"));
        long after = System.currentTimeMillis() / 1000;
        long iat = ((Number) JsonSerialization.readValue(((SignalOutboxEntity) persisted.get(0)).getClaims(), Map.class)
                .get("iat")).longValue();
        assertTrue(iat >= before && iat <= after, "iat in epoch seconds (RFC 8417): " + iat);
    }

    @Test
    void aClaimThatWasRemovedIsWrittenAsNull() throws Exception {
        // A consent withdrawn (the attribute removed) is a token-claims-change whose claim's new value is JSON null;
        // Keycloak's JsonSerialization leaves nulls out, which sent "claims": {} instead.
        Map<String, Object> changed = new HashMap<>();
        changed.put("personalizationConsent", null);
        SignalOutbox outbox = new SignalOutbox(receivers(), () -> { }, (s, r) -> ISS);
        outbox.add(session, realm(), new SecurityEvent(SecurityEvent.TOKEN_CLAIMS_CHANGE, "u-1", null, 5, Map.of("claims", changed), null));
        Map<?, ?> set = JsonSerialization.readValue(((SignalOutboxEntity) persisted.get(0)).getClaims(), Map.class);
        Map<?, ?> event = (Map<?, ?>) ((Map<?, ?>) set.get("events")).get(SecurityEvent.TOKEN_CLAIMS_CHANGE);
        Map<?, ?> claims = (Map<?, ?>) event.get("claims");
        assertTrue(claims.containsKey("personalizationConsent"), "claims: " + claims);
        assertEquals(null, claims.get("personalizationConsent"));
    }

    @Test
    void aRollbackNudgesNothing() {
        AtomicInteger nudges = new AtomicInteger();
        new SignalOutbox(receivers(), nudges::incrementAndGet, (s, r) -> ISS)
                .add(session, realm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_PURGED, "u-1", 5, null));
        AbstractKeycloakTransaction tx = (AbstractKeycloakTransaction) afterCompletion.get(0);
        tx.begin();
        tx.rollback();
        assertEquals(0, nudges.get());
    }

    @Test
    void theSameSignalTwiceInOneTransactionIsOneRowPerReceiver() {
        SignalOutbox outbox = new SignalOutbox(receivers(), () -> { }, (s, r) -> ISS);
        outbox.add(session, realm(), SignalMapper.credentialChange("u-1", 5, "password", "update", "e1"));
        outbox.add(session, realm(), SignalMapper.credentialChange("u-1", 5, "password", "update", "e2"));
        assertEquals(2, persisted.size(), "Keycloak's UPDATE_PASSWORD and UPDATE_CREDENTIAL of one new password: one SET");
    }

    @Test
    void outsideARequestNothingIsWritten() {
        new SignalOutbox(receivers(), () -> { }).add(session, realm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_PURGED, "u", 1, null));
        assertTrue(persisted.isEmpty(), "no issuer to capture");
        assertTrue(afterCompletion.isEmpty());
    }

    @Test
    void noReceiversWritesNothing() {
        new SignalOutbox(List.of(), () -> { }).add(session, realm(), SecurityEvent.ofUser(SecurityEvent.ACCOUNT_PURGED, "u", 1, null));
        assertTrue(persisted.isEmpty());
        assertTrue(afterCompletion.isEmpty());
    }
}

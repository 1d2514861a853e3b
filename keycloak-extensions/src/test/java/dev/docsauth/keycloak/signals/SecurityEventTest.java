package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecurityEventTest {

    private static final String ISS = "http://localhost:8080/realms/docs";

    @Test
    void aUserEventHasAnIssSubSubjectAndOneEvent() {
        Map<String, Object> claims = SecurityEvent.ofUser(SecurityEvent.ACCOUNT_DISABLED, "u-1", 1_700_000_000L, "ev-1")
                .claims(ISS, "rag-api", "jti-1", 1_700_000_001L);
        assertEquals(List.of("iss", "aud", "iat", "jti", "txn", "sub_id", "events"), List.copyOf(claims.keySet()));
        assertEquals(ISS, claims.get("iss"));
        assertEquals("rag-api", claims.get("aud"));
        assertEquals(1_700_000_001L, claims.get("iat"));
        assertEquals("jti-1", claims.get("jti"));
        assertEquals("ev-1", claims.get("txn"));
        assertEquals(Map.of("format", "iss_sub", "iss", ISS, "sub", "u-1"), claims.get("sub_id"));
        assertEquals(Map.of("https://schemas.openid.net/secevent/risc/event-type/account-disabled",
                Map.of("event_timestamp", 1_700_000_000L)), claims.get("events"));
    }

    @Test
    void aSessionEventHasAComplexSubjectWithTheSession() {
        Map<String, Object> claims = new SecurityEvent(SecurityEvent.SESSION_REVOKED, "u-1", "s-1", 5, Map.of(), null)
                .claims(ISS, "rag-api", "jti-1", 6);
        assertFalse(claims.containsKey("txn"), "no txn when no Keycloak event caused it");
        assertEquals(Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", ISS, "sub", "u-1"),
                "session", Map.of("format", "opaque", "id", "s-1")), claims.get("sub_id"));
        assertEquals(Map.of("https://schemas.openid.net/secevent/caep/event-type/session-revoked",
                Map.of("event_timestamp", 5L)), claims.get("events"));
    }

    @Test
    void theEventsOwnMembersSitBesideItsTimestamp() {
        Map<String, Object> claims = SignalMapper.credentialChange("u-1", 7, "password", "update", null)
                .claims(ISS, "rag-api", "j", 7);
        assertEquals(Map.of(SecurityEvent.CREDENTIAL_CHANGE, Map.of("event_timestamp", 7L, "credential_type", "password",
                "change_type", "update")), claims.get("events"));
    }

    @Test
    void aSecurityEventNeedsATypeAndAUser() {
        assertThrows(IllegalArgumentException.class, () -> SecurityEvent.ofUser(null, "u", 1, null));
        assertThrows(IllegalArgumentException.class, () -> SecurityEvent.ofUser(SecurityEvent.ACCOUNT_PURGED, null, 1, null));
        assertEquals(Map.of(), new SecurityEvent(SecurityEvent.ACCOUNT_PURGED, "u", null, 1, null, null).members());
    }

    @Test
    void twoEventsOfOneTransactionAreOneSignalOnlyWhenAlike() {
        SecurityEvent a = SignalMapper.credentialChange("u-1", 7, "password", "update", "e-1");
        assertEquals(a.dedupKey(), SignalMapper.credentialChange("u-1", 8, "password", "update", "e-2").dedupKey());
        assertNotEquals(a.dedupKey(), SignalMapper.credentialChange("u-2", 7, "password", "update", "e-1").dedupKey());
        assertNotEquals(a.dedupKey(), SignalMapper.credentialChange("u-1", 7, "otp", "update", "e-1").dedupKey());
    }
}

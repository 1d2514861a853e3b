package dev.docsauth.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class AuditLogLineTest {

    @Test
    void oneLineOfJsonWithoutTheUnknownFields() throws Exception {
        AuditEvent e = new AuditEvent("signup", Instant.parse("2026-01-02T03:04:05Z"), "docs", "user", "u-1", "docs-site",
                "127.0.0.1", null, null, "beginner", "student");
        String line = AuditLogLine.of(e);
        assertFalse(line.contains("\n"));
        Map<?, ?> parsed = new ObjectMapper().readValue(line, Map.class);
        assertEquals("signup", parsed.get("event"));
        assertEquals("2026-01-02T03:04:05Z", parsed.get("time"));
        assertEquals("beginner", parsed.get("experienceLevel"));
        assertFalse(parsed.containsKey("outcome"));
        assertFalse(parsed.containsKey("error"));
    }

    @Test
    void everyKnownFieldIsWrittenUnderItsName() throws Exception {
        AuditEvent e = new AuditEvent("signin_failed", Instant.parse("2026-01-02T03:04:05Z"), "docs", "admin", "u-1",
                "docs-site", "192.0.2.7", "invalid_credentials", "invalid_user_credentials", "advanced", "other");
        assertEquals(Map.ofEntries(Map.entry("audit", "docs"), Map.entry("event", "signin_failed"),
                Map.entry("time", "2026-01-02T03:04:05Z"), Map.entry("realm", "docs"), Map.entry("actor", "admin"),
                Map.entry("userId", "u-1"), Map.entry("clientId", "docs-site"), Map.entry("ip", "192.0.2.7"),
                Map.entry("outcome", "invalid_credentials"), Map.entry("error", "invalid_user_credentials"),
                Map.entry("experienceLevel", "advanced"), Map.entry("professionalRole", "other")),
                new ObjectMapper().readValue(AuditLogLine.of(e), Map.class));
    }

    @Test
    void aValueCannotBreakTheLineOrTheJson() throws Exception {
        String evil = "x\"}\n{\"event\":\"forged\"";
        AuditEvent e = new AuditEvent("signin_failed", Instant.EPOCH, "docs", "user", null, evil, null, "error", null, null, null);
        String line = AuditLogLine.of(e);
        assertFalse(line.contains("\n"));
        Map<?, ?> parsed = new ObjectMapper().readValue(line, Map.class);
        assertEquals(evil, parsed.get("clientId"));
        assertEquals("signin_failed", parsed.get("event"));
        assertTrue(line.startsWith("{\"audit\":\"docs\""));
    }
}

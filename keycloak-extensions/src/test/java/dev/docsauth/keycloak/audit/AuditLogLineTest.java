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

package dev.docsauth.keycloak.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes an {@link AuditEvent} as one line of JSON, leaving out what is unknown. */
public final class AuditLogLine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLogLine() {
    }

    public static String of(AuditEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("audit", "docs");
        line.put("event", e.type());
        line.put("time", e.time().toString());
        put(line, "realm", e.realm());
        put(line, "actor", e.actor());
        put(line, "userId", e.userId());
        put(line, "clientId", e.clientId());
        put(line, "ip", e.ipAddress());
        put(line, "outcome", e.outcome());
        put(line, "error", e.error());
        put(line, "experienceLevel", e.experienceLevel());
        put(line, "professionalRole", e.professionalRole());
        try {
            // Jackson escapes control characters, so a value cannot break the line.
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void put(Map<String, Object> line, String key, String value) {
        if (value != null) {
            line.put(key, value);
        }
    }
}

package dev.docsauth.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CohortMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CohortMeters meters = new CohortMeters(registry);

    @Test
    void everySeriesExistsAtZeroFromTheStart() {
        assertEquals(3 * 7, registry.find(CohortMeters.SIGNUPS).counters().size());
        assertEquals(4, registry.find(CohortMeters.SIGNINS).counters().size());
        assertEquals(0.0, signups("beginner", "student"));
    }

    @Test
    void signUpsAreCountedByCohort() {
        meters.count(event("signup", null, "advanced", "researcher"));
        meters.count(event("signup", null, "advanced", "researcher"));
        assertEquals(2.0, signups("advanced", "researcher"));
        assertEquals(0.0, signups("advanced", "student"));
    }

    @Test
    void valuesOutsideTheFixedSetsCountAsUnknownSoSeriesStayBounded() {
        meters.count(event("signup", null, "wizard", "<script>"));
        meters.count(event("signup", null, null, null));
        assertEquals(2.0, signups("unknown", "unknown"));
        assertEquals(3 * 7 + 1, registry.find(CohortMeters.SIGNUPS).counters().size());
    }

    @Test
    void signInsAreCountedByOutcome() {
        meters.count(event("signin", "success", null, null));
        meters.count(event("signin_failed", "invalid_credentials", null, null));
        meters.count(event("signin_failed", "locked", null, null));
        meters.count(event("signin_failed", "something-new", null, null));
        assertEquals(1.0, signins("success"));
        assertEquals(1.0, signins("invalid_credentials"));
        assertEquals(1.0, signins("locked"));
        assertEquals(1.0, signins("unknown"));
    }

    @Test
    void otherEventsAreNotCounted() {
        meters.count(event("signout", null, "beginner", "student"));
        meters.count(event("profile_update", null, "beginner", "student"));
        assertEquals(0.0, registry.find(CohortMeters.SIGNUPS).counters().stream().mapToDouble(c -> c.count()).sum());
        assertEquals(0.0, registry.find(CohortMeters.SIGNINS).counters().stream().mapToDouble(c -> c.count()).sum());
    }

    private double signups(String level, String role) {
        return registry.get(CohortMeters.SIGNUPS).tag("experience_level", level).tag("professional_role", role).counter().count();
    }

    private double signins(String outcome) {
        return registry.get(CohortMeters.SIGNINS).tag("outcome", outcome).counter().count();
    }

    private static AuditEvent event(String type, String outcome, String level, String role) {
        return new AuditEvent(type, Instant.EPOCH, "docs", "user", "u", "c", "ip", outcome, null, level, role);
    }
}

package dev.docsauth.keycloak.audit;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters on Keycloak's {@code /metrics}: {@code docs_signups_total{experience_level,professional_role}} and
 * {@code docs_signins_total{outcome}}. Tag values come from small fixed sets (anything else counts as
 * {@code unknown}): a free-text value as a tag would let anyone create time series without bound.
 */
public final class CohortMeters {

    static final String SIGNUPS = "docs.signups";
    static final String SIGNINS = "docs.signins";
    static final String UNKNOWN = "unknown";

    static final Set<String> LEVELS = Set.of("beginner", "intermediate", "advanced");
    static final Set<String> ROLES = Set.of("student", "software-engineer", "hardware-engineer", "researcher",
            "educator", "hobbyist", "other");
    static final Set<String> OUTCOMES = Set.of(AuditEventMapper.OUTCOME_SUCCESS,
            AuditEventMapper.OUTCOME_INVALID_CREDENTIALS, AuditEventMapper.OUTCOME_LOCKED, AuditEventMapper.OUTCOME_ERROR);

    private final MeterRegistry registry;

    public CohortMeters(MeterRegistry registry) {
        this.registry = registry;
        // Registered up front so dashboards see every series at zero rather than a gap.
        for (String level : LEVELS) {
            for (String role : ROLES) {
                signups(level, role);
            }
        }
        OUTCOMES.forEach(this::signins);
    }

    /** Counts what the audit line describes; other events are not counted. */
    public void count(AuditEvent event) {
        switch (event.type()) {
            case AuditEvent.SIGNUP -> signups(bounded(event.experienceLevel(), LEVELS), bounded(event.professionalRole(), ROLES)).increment();
            case AuditEvent.SIGNIN, AuditEvent.SIGNIN_FAILED -> signins(bounded(event.outcome(), OUTCOMES)).increment();
            default -> {
            }
        }
    }

    private Counter signups(String level, String role) {
        return Counter.builder(SIGNUPS)
                .description("Sign-ups by the reader's experience level and professional role")
                .tag("experience_level", level)
                .tag("professional_role", role)
                .register(registry);
    }

    private Counter signins(String outcome) {
        return Counter.builder(SIGNINS)
                .description("Sign-in attempts by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static String bounded(String value, Set<String> allowed) {
        return value != null && allowed.contains(value) ? value : UNKNOWN;
    }
}

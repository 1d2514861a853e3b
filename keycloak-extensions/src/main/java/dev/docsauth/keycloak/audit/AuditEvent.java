package dev.docsauth.keycloak.audit;

import java.time.Instant;

/**
 * What one audit line says. It holds no secret by construction: no password, token, code or session id.
 *
 * @param type             what happened, e.g. {@code signup}, {@code signin_failed}
 * @param actor            {@code user} for a reader's own action, {@code admin} for the admin API
 * @param experienceLevel  the reader's cohort, on sign-ups and profile updates; {@code null} otherwise
 * @param professionalRole likewise
 * @param outcome          on sign-ins: {@code success}, {@code invalid_credentials}, {@code locked} or {@code error}
 */
public record AuditEvent(
        String type,
        Instant time,
        String realm,
        String actor,
        String userId,
        String clientId,
        String ipAddress,
        String outcome,
        String error,
        String experienceLevel,
        String professionalRole) {

    public static final String SIGNUP = "signup";
    public static final String SIGNIN = "signin";
    public static final String SIGNIN_FAILED = "signin_failed";
    public static final String SIGNOUT = "signout";
    public static final String PROFILE_UPDATE = "profile_update";
    /** The fact of a deletion, by the reader or an admin: no user id, client or address (the reader is gone). */
    public static final String ACCOUNT_DELETED = "account_deleted";
}

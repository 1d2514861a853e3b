package dev.docsauth.keycloak.signals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change to report, before it is addressed to a receiver: an event type URI of OpenID CAEP 1.0 or RISC 1.0,
 * its subject (a user, or one session of a user) and the event's own members.
 *
 * @param type           the event type URI, e.g. {@link #SESSION_REVOKED}
 * @param userId         Keycloak's user id, the tokens' {@code sub}
 * @param sessionId      the session id (the tokens' {@code sid}) for a one-session event; {@code null} otherwise
 * @param eventTimestamp seconds since the epoch when the change happened
 * @param members        the event's members besides {@code event_timestamp} (e.g. {@code credential_type})
 * @param txn            the Keycloak event id that caused it, or {@code null}
 */
public record SecurityEvent(String type, String userId, String sessionId, long eventTimestamp,
        Map<String, Object> members, String txn) {

    public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    public static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    public static final String SESSION_REVOKED = CAEP + "session-revoked";
    public static final String CREDENTIAL_CHANGE = CAEP + "credential-change";
    public static final String TOKEN_CLAIMS_CHANGE = CAEP + "token-claims-change";
    public static final String ACCOUNT_DISABLED = RISC + "account-disabled";
    public static final String ACCOUNT_ENABLED = RISC + "account-enabled";
    public static final String ACCOUNT_PURGED = RISC + "account-purged";

    public SecurityEvent {
        if (type == null || userId == null) {
            throw new IllegalArgumentException("a security event needs a type and a user");
        }
        members = members == null ? Map.of() : Map.copyOf(members);
    }

    /** A user-wide event (subject {@code iss_sub}) with no members of its own. */
    public static SecurityEvent ofUser(String type, String userId, long eventTimestamp, String txn) {
        return new SecurityEvent(type, userId, null, eventTimestamp, Map.of(), txn);
    }

    /** CAEP session-revoked of one session (subject {@code complex}: the user and the session {@code sid}). */
    public static SecurityEvent sessionRevoked(String userId, String sid, long eventTimestamp, String txn) {
        return new SecurityEvent(SESSION_REVOKED, userId, sid, eventTimestamp, Map.of(), txn);
    }

    /**
     * The SET's claims (RFC 8417, subject as RFC 9493 / SSF 1.0) for one receiver.
     *
     * @param issuer   the realm's issuer, as in its access tokens
     * @param audience the receiver's audience
     * @param jti      unique per SET and receiver; a retry re-sends the same
     * @param iat      seconds since the epoch
     * @return {@code iss, aud, iat, jti, txn?, sub_id, events} with exactly one event
     */
    public Map<String, Object> claims(String issuer, String audience, String jti, long iat) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", iat);
        claims.put("jti", jti);
        if (txn != null) {
            claims.put("txn", txn);
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("format", "iss_sub");
        user.put("iss", issuer);
        user.put("sub", userId);
        if (sessionId == null) {
            claims.put("sub_id", user);
        } else {
            Map<String, Object> subject = new LinkedHashMap<>();
            subject.put("format", "complex");
            subject.put("user", user);
            subject.put("session", Map.of("format", "opaque", "id", sessionId));
            claims.put("sub_id", subject);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_timestamp", eventTimestamp);
        event.putAll(members);
        claims.put("events", Map.of(type, event));
        return claims;
    }

    /** What makes two events of one transaction the same signal: one is enough (Keycloak sends e.g. both
     * {@code UPDATE_PASSWORD} and {@code UPDATE_CREDENTIAL} for one new password). */
    String dedupKey() {
        return type + ' ' + userId + ' ' + sessionId + ' ' + members;
    }
}

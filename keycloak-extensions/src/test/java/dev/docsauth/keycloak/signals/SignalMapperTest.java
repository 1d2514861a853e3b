package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class SignalMapperTest {

    private static Event event(EventType type, String sessionId, Map<String, String> details) {
        Event e = new Event();
        e.setId("ev-1");
        e.setType(type);
        e.setUserId("u-1");
        e.setSessionId(sessionId);
        e.setTime(1_700_000_000_999L);
        e.setDetails(details);
        return e;
    }

    private static AdminEvent admin(OperationType op, String path, Map<String, String> details) {
        AdminEvent e = new AdminEvent();
        e.setId("ae-1");
        e.setResourceType(ResourceType.USER);
        e.setOperationType(op);
        e.setResourcePath(path);
        e.setTime(1_700_000_000_000L);
        e.setDetails(details);
        return e;
    }

    private static Map<?, ?> members(SecurityEvent e) {
        return e.members();
    }

    @Test
    void aSignOutRevokesThatSession() {
        SecurityEvent e = SignalMapper.of(event(EventType.LOGOUT, "s-1", null)).orElseThrow();
        assertEquals(SecurityEvent.SESSION_REVOKED, e.type());
        assertEquals("u-1", e.userId());
        assertEquals("s-1", e.sessionId());
        assertEquals(1_700_000_000L, e.eventTimestamp(), "seconds, rounded down");
        assertEquals("ev-1", e.txn());
        assertEquals(Optional.empty(), SignalMapper.of(event(EventType.LOGOUT, null, null)), "no session: nothing to revoke");
    }

    @Test
    void credentialEventsAreCredentialChanges() {
        assertEquals(Map.of("credential_type", "password", "change_type", "update"),
                members(SignalMapper.of(event(EventType.UPDATE_PASSWORD, null, null)).orElseThrow()));
        assertEquals(Map.of("credential_type", "password", "change_type", "update"),
                members(SignalMapper.of(event(EventType.RESET_PASSWORD, null, null)).orElseThrow()));
        assertEquals(Map.of("credential_type", "fido2-platform", "change_type", "update"), members(SignalMapper.of(
                event(EventType.UPDATE_CREDENTIAL, null, Map.of("credential_type", "webauthn-passwordless"))).orElseThrow()));
        assertEquals(Map.of("credential_type", "fido2-roaming", "change_type", "delete"), members(SignalMapper.of(
                event(EventType.REMOVE_CREDENTIAL, null, Map.of("credential_type", "webauthn"))).orElseThrow()));
        assertEquals(Map.of("credential_type", "app", "change_type", "create"),
                members(SignalMapper.of(event(EventType.UPDATE_TOTP, null, null)).orElseThrow()));
        assertEquals(Map.of("credential_type", "app", "change_type", "delete"),
                members(SignalMapper.of(event(EventType.REMOVE_TOTP, null, null)).orElseThrow()));
        assertEquals(Map.of("credential_type", "unknown", "change_type", "update"),
                members(SignalMapper.of(event(EventType.UPDATE_CREDENTIAL, null, Map.of())).orElseThrow()));
        assertEquals(Map.of("credential_type", "recovery-authn-code", "change_type", "delete"), members(SignalMapper.of(
                event(EventType.REMOVE_CREDENTIAL, null, Map.of("credential_type", "recovery-authn-code"))).orElseThrow()));
        assertEquals(SecurityEvent.CREDENTIAL_CHANGE, SignalMapper.of(event(EventType.UPDATE_PASSWORD, null, null)).orElseThrow().type());
    }

    @Test
    void otherEventsErrorsAndAnonymousEventsAreNoSignal() {
        assertEquals(Optional.empty(), SignalMapper.of(event(EventType.LOGIN, "s-1", null)));
        assertEquals(Optional.empty(), SignalMapper.of(event(EventType.UPDATE_PROFILE, "s-1", null)), "attributes: the user profile reports them");
        Event failed = event(EventType.UPDATE_PASSWORD, null, null);
        failed.setError("invalid_password");
        assertEquals(Optional.empty(), SignalMapper.of(failed));
        Event anonymous = event(EventType.LOGOUT, "s-1", null);
        anonymous.setUserId(null);
        assertEquals(Optional.empty(), SignalMapper.of(anonymous));
        Event untyped = event(null, "s-1", null);
        assertEquals(Optional.empty(), SignalMapper.of(untyped));
    }

    @Test
    void anAdminsActionsOnAUser() {
        SecurityEvent logout = SignalMapper.of(admin(OperationType.ACTION, "users/u-2/logout", null)).orElseThrow();
        assertEquals(SecurityEvent.SESSION_REVOKED, logout.type());
        assertEquals("u-2", logout.userId());
        assertNull(logout.sessionId(), "every session of the user");
        assertEquals(1_700_000_000L, logout.eventTimestamp());
        assertEquals("ae-1", logout.txn());
        SecurityEvent reset = SignalMapper.of(admin(OperationType.ACTION, "users/u-2/reset-password", null)).orElseThrow();
        assertEquals(Map.of("credential_type", "password", "change_type", "update"), reset.members());
        SecurityEvent removed = SignalMapper.of(admin(OperationType.DELETE, "users/u-2/credentials/c-1",
                Map.of("credential_type", "otp"))).orElseThrow();
        assertEquals(Map.of("credential_type", "app", "change_type", "delete"), removed.members());
        assertEquals(Map.of("credential_type", "password", "change_type", "delete"), SignalMapper.of(admin(OperationType.ACTION,
                "users/u-2/credentials/c-1", Map.of("credential_type", "password"))).orElseThrow().members(),
                "Keycloak 26.7 records an admin's removal as ACTION");
        assertEquals("unknown", SignalMapper.of(admin(OperationType.DELETE, "users/u-2/credentials/c-1", null))
                .orElseThrow().members().get("credential_type"));
    }

    @Test
    void otherAdminEventsAreNoSignal() {
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.DELETE, "users/u-2", null)), "deletions: UserRemovedEvent");
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.UPDATE, "users/u-2", null)));
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.ACTION, "users/u-2/send-verify-email", null)));
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.CREATE, "users/u-2/logout", null)));
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.DELETE, "users/u-2/reset-password", null)));
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.UPDATE, "users/u-2/credentials/c-1", null)));
        assertEquals(Optional.empty(), SignalMapper.of(admin(OperationType.ACTION, "users/u-2/credentials/c-1/moveToFirst", null)));
        AdminEvent client = admin(OperationType.ACTION, "users/u-2/logout", null);
        client.setResourceType(ResourceType.CLIENT);
        assertEquals(Optional.empty(), SignalMapper.of(client));
        AdminEvent noPath = admin(OperationType.ACTION, null, null);
        assertEquals(Optional.empty(), SignalMapper.of(noPath));
        AdminEvent failed = admin(OperationType.ACTION, "users/u-2/logout", null);
        failed.setError("forbidden");
        assertEquals(Optional.empty(), SignalMapper.of(failed));
    }

    @Test
    void anAdminsUpdateOfAUserNamesTheUser() {
        assertEquals(Optional.of("u-2"), SignalMapper.updatedUser(admin(OperationType.UPDATE, "users/u-2", null)));
        assertEquals(Optional.empty(), SignalMapper.updatedUser(admin(OperationType.UPDATE, "users/u-2/groups/g", null)));
        assertEquals(Optional.empty(), SignalMapper.updatedUser(admin(OperationType.DELETE, "users/u-2", null)));
        assertEquals(Optional.empty(), SignalMapper.updatedUser(admin(OperationType.UPDATE, null, null)));
        AdminEvent client = admin(OperationType.UPDATE, "users/u-2", null);
        client.setResourceType(ResourceType.CLIENT);
        assertEquals(Optional.empty(), SignalMapper.updatedUser(client));
        AdminEvent failed = admin(OperationType.UPDATE, "users/u-2", null);
        failed.setError("x");
        assertEquals(Optional.empty(), SignalMapper.updatedUser(failed));
    }

    @Test
    void anAdminEndingOneSessionNamesTheSession() {
        AdminEvent ended = admin(OperationType.DELETE, "sessions/s-1", null);
        ended.setResourceType(ResourceType.USER_SESSION);
        assertEquals(Optional.of("s-1"), SignalMapper.endedSession(ended));
        AdminEvent user = admin(OperationType.DELETE, "sessions/s-1", null);
        assertEquals(Optional.empty(), SignalMapper.endedSession(user));
        AdminEvent action = admin(OperationType.ACTION, "sessions/s-1", null);
        action.setResourceType(ResourceType.USER_SESSION);
        assertEquals(Optional.empty(), SignalMapper.endedSession(action));
        AdminEvent other = admin(OperationType.DELETE, "sessions/s-1/more", null);
        other.setResourceType(ResourceType.USER_SESSION);
        assertEquals(Optional.empty(), SignalMapper.endedSession(other));
        AdminEvent noPath = admin(OperationType.DELETE, null, null);
        noPath.setResourceType(ResourceType.USER_SESSION);
        assertEquals(Optional.empty(), SignalMapper.endedSession(noPath));
        AdminEvent failed = admin(OperationType.DELETE, "sessions/s-1", null);
        failed.setResourceType(ResourceType.USER_SESSION);
        failed.setError("x");
        assertEquals(Optional.empty(), SignalMapper.endedSession(failed));
    }

    @Test
    void theEnabledFlagSignalsOnlyWhenItChanged() {
        assertEquals(SecurityEvent.ACCOUNT_DISABLED, SignalMapper.ofEnabledChange("u", true, false, 1, "t").orElseThrow().type());
        assertEquals(SecurityEvent.ACCOUNT_ENABLED, SignalMapper.ofEnabledChange("u", false, true, 1, "t").orElseThrow().type());
        assertTrue(SignalMapper.ofEnabledChange("u", true, true, 1, "t").isEmpty());
        assertTrue(SignalMapper.ofEnabledChange("u", false, false, 1, "t").isEmpty());
    }

    @Test
    void aClaimHoldsNoneOneOrManyValues() {
        assertNull(SignalingUserProfile.claim(java.util.List.of()));
        assertEquals("advanced", SignalingUserProfile.claim(java.util.List.of("advanced")));
        assertEquals(java.util.List.of("a", "b"), SignalingUserProfile.claim(java.util.List.of("a", "b")));
    }
}

package dev.docsauth.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.UserModel;

class AuditEventMapperTest {

    @Test
    void aSignUpCarriesTheCohort() {
        AuditEvent e = AuditEventMapper.map(event(EventType.REGISTER, null), user("beginner", "student")).orElseThrow();
        assertEquals(AuditEvent.SIGNUP, e.type());
        assertEquals("user", e.actor());
        assertEquals("docs", e.realm());
        assertEquals("u-1", e.userId());
        assertEquals("docs-site", e.clientId());
        assertEquals("127.0.0.1", e.ipAddress());
        assertEquals("beginner", e.experienceLevel());
        assertEquals("student", e.professionalRole());
        assertEquals(1_700_000_000_000L, e.time().toEpochMilli());
    }

    @Test
    void signInsSignOutsAndProfileUpdates() {
        assertEquals(AuditEvent.SIGNIN, AuditEventMapper.map(event(EventType.LOGIN, null), null).orElseThrow().type());
        assertEquals("success", AuditEventMapper.map(event(EventType.LOGIN, null), null).orElseThrow().outcome());
        assertEquals(AuditEvent.SIGNOUT, AuditEventMapper.map(event(EventType.LOGOUT, null), null).orElseThrow().type());
        assertEquals(AuditEvent.PROFILE_UPDATE,
                AuditEventMapper.map(event(EventType.UPDATE_PROFILE, null), user("advanced", "other")).orElseThrow().type());
    }

    @Test
    void failedSignInsAreMappedOntoAFewOutcomes() {
        assertEquals("invalid_credentials", failed("invalid_user_credentials"));
        assertEquals("invalid_credentials", failed("user_not_found"));
        assertEquals("locked", failed("user_temporarily_disabled"));
        assertEquals("locked", failed("user_disabled"));
        assertEquals("error", failed("expired_code"));
        assertEquals("error", failed(null));
        AuditEvent e = AuditEventMapper.map(event(EventType.LOGIN_ERROR, "invalid_user_credentials"), null).orElseThrow();
        assertEquals(AuditEvent.SIGNIN_FAILED, e.type());
        assertEquals("invalid_user_credentials", e.error());
    }

    @Test
    void onlySignUpsAndProfileUpdatesNeedTheCohort() {
        assertTrue(AuditEventMapper.carriesCohort(EventType.REGISTER));
        assertTrue(AuditEventMapper.carriesCohort(EventType.UPDATE_PROFILE));
        assertFalse(AuditEventMapper.carriesCohort(EventType.LOGIN));
        assertFalse(AuditEventMapper.carriesCohort(null));
    }

    @Test
    void otherEventsAreNotAudited() {
        assertTrue(AuditEventMapper.map(event(EventType.CODE_TO_TOKEN, null), null).isEmpty());
        assertTrue(AuditEventMapper.map(event(EventType.REGISTER_ERROR, "invalid_registration"), null).isEmpty());
        assertTrue(AuditEventMapper.map(new Event(), null).isEmpty());
    }

    @Test
    void anAdminUpdatingAUserIsAProfileUpdateByAnAdmin() {
        AdminEvent admin = admin(ResourceType.USER, OperationType.UPDATE, "users/u-7");
        AuditEvent e = AuditEventMapper.map(admin, "docs", user("intermediate", "educator")).orElseThrow();
        assertEquals(AuditEvent.PROFILE_UPDATE, e.type());
        assertEquals("admin", e.actor());
        assertEquals("u-7", e.userId());
        assertEquals("docs", e.realm());
        assertEquals("10.0.0.1", e.ipAddress());
        assertEquals("intermediate", e.experienceLevel());

        assertTrue(AuditEventMapper.map(admin(ResourceType.USER, OperationType.CREATE, "users/u-7"), "docs", null).isEmpty());
        assertTrue(AuditEventMapper.map(admin(ResourceType.CLIENT, OperationType.UPDATE, "clients/c"), "docs", null).isEmpty());
    }

    @Test
    void aDeletionIsTheFactAloneWithNoOneNamed() {
        AuditEvent own = AuditEventMapper.map(event(EventType.DELETE_ACCOUNT, null), null).orElseThrow();
        AuditEvent byAdmin = AuditEventMapper.map(admin(ResourceType.USER, OperationType.DELETE, "users/u-7"), "docs", null)
                .orElseThrow();
        for (AuditEvent e : new AuditEvent[] {own, byAdmin}) {
            assertEquals(AuditEvent.ACCOUNT_DELETED, e.type());
            assertEquals("docs", e.realm());
            assertEquals(1_700_000_000_000L, e.time().toEpochMilli());
            assertNull(e.userId());
            assertNull(e.ipAddress());
            assertNull(e.clientId());
        }
        assertEquals("user", own.actor());
        assertEquals("admin", byAdmin.actor());
        // a failed deletion, and deleting something of a user's (a credential, a session), are not deletions
        assertTrue(AuditEventMapper.map(event(EventType.DELETE_ACCOUNT, "user_not_found"), null).isEmpty());
        assertTrue(AuditEventMapper.map(admin(ResourceType.USER, OperationType.DELETE, "users/u-7/credentials/c-1"), "docs", null)
                .isEmpty());
        assertFalse(AuditEventMapper.isUser("users/"));
        assertFalse(AuditEventMapper.isUser("clients/u-7"));
    }

    @Test
    void userIdsComeFromTheAdminResourcePath() {
        assertEquals("abc", AuditEventMapper.userIdFromPath("users/abc"));
        assertEquals("abc", AuditEventMapper.userIdFromPath("users/abc/reset-password"));
        assertNull(AuditEventMapper.userIdFromPath("clients/abc"));
        assertNull(AuditEventMapper.userIdFromPath(null));
    }

    private static String failed(String error) {
        return AuditEventMapper.signInOutcome(error);
    }

    static Event event(EventType type, String error) {
        Event e = new Event();
        e.setType(type);
        e.setTime(1_700_000_000_000L);
        e.setRealmName("docs");
        e.setRealmId("r-1");
        e.setUserId("u-1");
        e.setClientId("docs-site");
        e.setIpAddress("127.0.0.1");
        e.setError(error);
        e.setDetails(Map.of("username", "someone@example.org"));
        return e;
    }

    private static AdminEvent admin(ResourceType type, OperationType op, String path) {
        AdminEvent e = new AdminEvent();
        e.setTime(1_700_000_000_000L);
        e.setRealmId("r-1");
        e.setResourceType(type);
        e.setOperationType(op);
        e.setResourcePath(path);
        AuthDetails auth = new AuthDetails();
        auth.setIpAddress("10.0.0.1");
        e.setAuthDetails(auth);
        return e;
    }

    static UserModel user(String level, String role) {
        Map<String, String> attributes = Map.of("experienceLevel", level, "professionalRole", role);
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getFirstAttribute")) {
                        return attributes.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}

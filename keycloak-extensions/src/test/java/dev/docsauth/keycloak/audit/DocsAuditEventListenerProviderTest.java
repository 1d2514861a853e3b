package dev.docsauth.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import dev.docsauth.keycloak.Fake;

/**
 * The listener of one Keycloak session: it maps each event at once (the reader's cohort is read while the transaction
 * is open) and hands the events on only after the session's transaction has committed, through one transaction
 * enlisted after completion; a rollback drops them.
 */
class DocsAuditEventListenerProviderTest {

    private final List<AuditEvent> emitted = new ArrayList<>();
    /** What the listener asked of the session's transaction manager: method name and transaction. */
    private final List<Map.Entry<String, KeycloakTransaction>> enlisted = new ArrayList<>();
    private final RealmModel docs = fake(RealmModel.class, Map.of("getId", args -> "r-1", "getName", args -> "docs"));
    private final RealmModel master = fake(RealmModel.class, Map.of("getId", args -> "r-0", "getName", args -> "master"));
    private final UserModel reader = AuditEventMapperTest.user("beginner", "student");
    private RealmModel contextRealm = docs;
    private int userLookups;
    private final DocsAuditEventListenerProvider listener = new DocsAuditEventListenerProvider(session(), emitted::add);

    @Test
    void aSignUpIsHandedOnOnlyOnceItsTransactionHasCommitted() {
        listener.onEvent(AuditEventMapperTest.event(EventType.REGISTER, null));

        assertTrue(emitted.isEmpty(), "handed on before the commit: " + emitted);
        assertEquals(List.of("enlistAfterCompletion"), enlisted.stream().map(Map.Entry::getKey).toList());
        KeycloakTransaction tx = enlisted.get(0).getValue();
        tx.begin();
        assertTrue(emitted.isEmpty());
        tx.commit();
        assertEquals(List.of(AuditEvent.SIGNUP), types());
        // The cohort was read when the event came, from the user of the event's realm.
        assertEquals("beginner", emitted.get(0).experienceLevel());
        assertEquals("student", emitted.get(0).professionalRole());
    }

    @Test
    void aRollbackDropsEveryEventOfTheSession() {
        listener.onEvent(AuditEventMapperTest.event(EventType.REGISTER, null));
        listener.onEvent(AuditEventMapperTest.event(EventType.LOGIN, null));

        KeycloakTransaction tx = enlisted.get(0).getValue();
        tx.begin();
        tx.rollback();
        assertTrue(emitted.isEmpty(), "handed on despite the rollback: " + emitted);
    }

    @Test
    void oneTransactionCarriesEveryEventOfTheSessionInOrder() {
        listener.onEvent(AuditEventMapperTest.event(EventType.REGISTER, null));
        listener.onEvent(AuditEventMapperTest.event(EventType.LOGIN, null));
        listener.onEvent(adminUpdate(ResourceType.USER, "users/u-1"), false);

        assertEquals(1, enlisted.size(), "one transaction per session, not per event");
        KeycloakTransaction tx = enlisted.get(0).getValue();
        tx.begin();
        tx.commit();
        assertEquals(List.of(AuditEvent.SIGNUP, AuditEvent.SIGNIN, AuditEvent.PROFILE_UPDATE), types());
    }

    @Test
    void eventsThatAreNotAuditedEnlistNothing() {
        listener.onEvent(AuditEventMapperTest.event(EventType.CODE_TO_TOKEN, null));
        listener.onEvent(adminUpdate(ResourceType.REALM, null), false);

        assertTrue(enlisted.isEmpty(), "enlisted for nothing: " + enlisted);
        assertTrue(emitted.isEmpty());
    }

    @Test
    void aSignInDoesNotLookTheUserUp() {
        listener.onEvent(AuditEventMapperTest.event(EventType.LOGIN, null));

        assertEquals(0, userLookups);
        commit();
        assertEquals(List.of(AuditEvent.SIGNIN), types());
        assertNull(emitted.get(0).experienceLevel());
    }

    @Test
    void anAdminsChangeTakesTheCohortFromTheUsersRealmNotTheAdmins() {
        contextRealm = master;  // the admin signed in to master and changed a reader of docs
        listener.onEvent(adminUpdate(ResourceType.USER, "users/u-1/groups"), false);

        commit();
        AuditEvent update = emitted.get(0);
        assertEquals("docs", update.realm());
        assertEquals("admin", update.actor());
        assertEquals("u-1", update.userId());
        assertEquals("beginner", update.experienceLevel());
    }

    @Test
    void anAdminEventWithoutARealmHasNoCohort() {
        AdminEvent event = adminUpdate(ResourceType.USER, "users/u-1");
        event.setRealmId(null);
        listener.onEvent(event, false);

        commit();
        assertNull(emitted.get(0).experienceLevel());
    }

    private void commit() {
        assertEquals(1, enlisted.size());
        KeycloakTransaction tx = enlisted.get(0).getValue();
        tx.begin();
        tx.commit();
    }

    private List<String> types() {
        return emitted.stream().map(AuditEvent::type).toList();
    }

    private static AdminEvent adminUpdate(ResourceType type, String path) {
        AdminEvent e = new AdminEvent();
        e.setTime(1_700_000_000_000L);
        e.setRealmId("r-1");
        e.setResourceType(type);
        e.setOperationType(OperationType.UPDATE);
        e.setResourcePath(path);
        return e;
    }

    private KeycloakSession session() {
        KeycloakTransactionManager manager = fake(KeycloakTransactionManager.class, Map.of(
                "enlist", args -> record("enlist", args),
                "enlistPrepare", args -> record("enlistPrepare", args),
                "enlistAfterCompletion", args -> record("enlistAfterCompletion", args)));
        KeycloakContext context = fake(KeycloakContext.class, Map.of("getRealm", args -> contextRealm));
        UserProvider users = fake(UserProvider.class, Map.of("getUserById", args -> {
            userLookups++;
            return args[0] == docs && "u-1".equals(args[1]) ? reader : null;
        }));
        RealmProvider realms = fake(RealmProvider.class, Map.of("getRealm", args -> "r-1".equals(args[0]) ? docs : null));
        return fake(KeycloakSession.class, Map.of(
                "getTransactionManager", args -> manager,
                "getContext", args -> context,
                "users", args -> users,
                "realms", args -> realms));
    }

    private Object record(String method, Object[] args) {
        enlisted.add(Map.entry(method, (KeycloakTransaction) args[0]));
        return null;
    }

    private static <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return Fake.of(type, answers);
    }
}

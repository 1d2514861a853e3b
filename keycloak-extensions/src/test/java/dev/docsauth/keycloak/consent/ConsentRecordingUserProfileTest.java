package dev.docsauth.keycloak.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;

import dev.docsauth.keycloak.Fake;

class ConsentRecordingUserProfileTest {

    private final List<ConsentRecordEntity> persisted = new ArrayList<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final UserModel user = Fake.of(UserModel.class, Map.of(
            "getId", args -> "user-1",
            "getFirstAttribute", args -> attributes.get((String) args[0])));
    private final KeycloakSession session = session();

    private KeycloakSession session() {
        EntityManager em = Fake.of(EntityManager.class, Map.of("persist", args -> persisted.add((ConsentRecordEntity) args[0])));
        JpaConnectionProvider jpa = Fake.of(JpaConnectionProvider.class, Map.of("getEntityManager", args -> em));
        RealmModel realm = Fake.of(RealmModel.class, Map.of("getId", args -> "realm-1"));
        KeycloakContext context = Fake.of(KeycloakContext.class, Map.of("getRealm", args -> realm));
        return Fake.of(KeycloakSession.class, Map.of("getProvider", args -> jpa, "getContext", args -> context));
    }

    /** A profile whose update applies {@code change} to the reader's attributes, as Keycloak's would. */
    private UserProfile updating(UserProfileContext context, Consumer<Map<String, String>> change) {
        UserProfile profile = Fake.of(UserProfile.class, Map.of("update", args -> {
            change.accept(attributes);
            return null;
        }));
        return ConsentRecordingUserProfile.wrap(session, context, profile, user);
    }

    @Test
    void givingTheConsentIsRecordedWithTheWordingAndHow() throws Exception {
        updating(UserProfileContext.ACCOUNT, a -> a.put("personalizationConsent", "true")).update(true);
        assertEquals(1, persisted.size());
        ConsentRecordEntity row = persisted.get(0);
        assertTrue(row.isGiven());
        assertEquals("user-1", row.getUserId());
        assertEquals("realm-1", row.getRealmId());
        assertEquals(ConsentWording.SENTENCE, row.getWording());
        assertEquals(ConsentWording.VERSION, row.getWordingVersion());
        assertEquals("account", row.getMethod());
        assertTrue(Math.abs(System.currentTimeMillis() - row.getChangedAt()) < 60_000, "epoch milliseconds: " + row.getChangedAt());
    }

    @Test
    void withdrawingIsRecordedAsNotGiven() throws Exception {
        attributes.put("personalizationConsent", "true");
        updating(UserProfileContext.USER_API, a -> a.remove("personalizationConsent")).update(true);
        assertEquals(1, persisted.size());
        assertFalse(persisted.get(0).isGiven());
        assertEquals("admin", persisted.get(0).getMethod());
    }

    @Test
    void anUpdateThatLeavesTheConsentAsItWasRecordsNothing() throws Exception {
        updating(UserProfileContext.UPDATE_PROFILE, a -> a.put("experienceLevel", "advanced")).update(true);
        attributes.put("personalizationConsent", "true");
        updating(UserProfileContext.UPDATE_PROFILE, a -> a.put("experienceLevel", "beginner")).update(true);
        assertTrue(persisted.isEmpty());
    }

    @Test
    void aSignUpRecordsAConsentGivenAndNothingWithoutIt() throws Exception {
        UserProfile created = Fake.of(UserProfile.class, Map.of("create", args -> user));
        ConsentRecordingUserProfile.wrap(session, UserProfileContext.REGISTRATION, created, null).create();
        assertTrue(persisted.isEmpty(), "box left unticked");
        attributes.put("personalizationConsent", "true");
        ConsentRecordingUserProfile.wrap(session, UserProfileContext.REGISTRATION, created, null).create();
        assertEquals(1, persisted.size());
        assertEquals("sign-up", persisted.get(0).getMethod());
    }

    @Test
    void aSignUpHandsBackTheNewAccountWithOrWithoutTheConsent() throws Exception {
        UserProfile created = Fake.of(UserProfile.class, Map.of("create", args -> user));
        UserProfile wrapped = ConsentRecordingUserProfile.wrap(session, UserProfileContext.REGISTRATION, created, null);
        assertSame(user, wrapped.create(), "without");
        attributes.put("personalizationConsent", "true");
        assertSame(user, wrapped.create(), "with");
        assertSame(user, wrapped.create(false), "unvalidated, as Keycloak's admin API creates");
    }
}

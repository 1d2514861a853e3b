package dev.docsauth.keycloak.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.utils.FormMessage;

import dev.docsauth.keycloak.Fake;

/** When each takeover counts a mail, and what it answers over the limit. */
class MailDecisionsTest {

    @Test
    void aResetCountsTheTypedAddressKnownOrNot() {
        assertEquals("reader@example.org", LimitedResetCredentialEmail.addressToCount("u-1", null, "reader@example.org"));
        assertEquals("nobody@example.org", LimitedResetCredentialEmail.addressToCount(null, null, "nobody@example.org"));
        assertEquals("reader@example.org", LimitedResetCredentialEmail.addressToCount("u-1", "u-2", "reader@example.org"));
        // Back through the reader's own reset link: Keycloak sends nothing, so nothing counts.
        assertNull(LimitedResetCredentialEmail.addressToCount("u-1", "u-1", "reader@example.org"));
    }

    @Test
    void verificationCountsWhenKeycloakWouldSend() {
        assertTrue(LimitedVerifyEmail.sendsOnChallenge(false, "a@example.org", null, false));
        assertFalse(LimitedVerifyEmail.sendsOnChallenge(true, "a@example.org", null, false), "verified");
        assertFalse(LimitedVerifyEmail.sendsOnChallenge(false, " ", null, false), "no address");
        assertFalse(LimitedVerifyEmail.sendsOnChallenge(false, null, null, false), "no address");
        assertFalse(LimitedVerifyEmail.sendsOnChallenge(false, "a@example.org", "a@example.org", false), "sent already");
        assertTrue(LimitedVerifyEmail.sendsOnChallenge(false, "a@example.org", "old@example.org", false), "a new address");
        assertFalse(LimitedVerifyEmail.sendsOnChallenge(false, "a@example.org", null, true), "asked for by the application");

        assertTrue(LimitedVerifyEmail.sendsOnResend(false, "a@example.org", false));
        assertFalse(LimitedVerifyEmail.sendsOnResend(false, "a@example.org", true), "Keycloak's cooldown answers");
        assertFalse(LimitedVerifyEmail.sendsOnResend(true, "a@example.org", false));
        assertFalse(LimitedVerifyEmail.sendsOnResend(false, "", false));
    }

    @Test
    void anAddressChangeCountsWhenKeycloakConfirmsByMail() {
        assertTrue(LimitedUpdateEmail.sendsConfirmation(true, "new@example.org", "old@example.org", true));
        assertFalse(LimitedUpdateEmail.sendsConfirmation(false, "new@example.org", "old@example.org", true), "changed at once");
        assertFalse(LimitedUpdateEmail.sendsConfirmation(true, null, "old@example.org", true));
        assertFalse(LimitedUpdateEmail.sendsConfirmation(true, " ", "old@example.org", true));
        assertFalse(LimitedUpdateEmail.sendsConfirmation(true, "old@example.org", "old@example.org", true), "unchanged");
        assertTrue(LimitedUpdateEmail.sendsConfirmation(true, "old@example.org", "old@example.org", false), "unverified");
    }

    @Test
    void verificationAppliesByTheRealmOrTheActionsOwnSetting() {
        RequiredActionConfigModel forced = new RequiredActionConfigModel();
        forced.setConfig(new HashMap<>(Map.of("verifyEmail", "true")));
        RequiredActionConfigModel unset = new RequiredActionConfigModel();
        unset.setConfig(new HashMap<>());
        assertTrue(LimitedUpdateEmail.verificationApplies(realm(true), unset));
        assertTrue(LimitedUpdateEmail.verificationApplies(realm(true), null));
        assertTrue(LimitedUpdateEmail.verificationApplies(realm(false), forced));
        assertFalse(LimitedUpdateEmail.verificationApplies(realm(false), unset));
        assertFalse(LimitedUpdateEmail.verificationApplies(realm(false), null));
    }

    @Test
    void overTheLimitTheAnswerIsTheWaitInWholeMinutes() {
        InMemorySingleUseObjects store = new InMemorySingleUseObjects();
        MailFloodLimit limit = new MailFloodLimit(store, 1, 900, () -> store.now);
        KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("getProvider", args -> limit));

        assertNull(FloodWait.admit(session, "reader@example.org"));
        store.now += 30;
        FormMessage wait = FloodWait.admit(session, "reader@example.org");
        assertEquals(FloodWait.MESSAGE, wait.getMessage());
        assertArrayEquals(new Object[] {15L}, wait.getParameters(), "870 s is 15 minutes");

        assertEquals(1, FloodWait.minutes(1));
        assertEquals(1, FloodWait.minutes(60));
        assertEquals(2, FloodWait.minutes(61));
    }

    @Test
    void theTakeoversKeepKeycloaksIdsWithAHigherOrder() {
        assertEquals("reset-credential-email", new LimitedResetCredentialEmail().getId());
        assertEquals("VERIFY_EMAIL", new LimitedVerifyEmail().getId());
        assertEquals("UPDATE_EMAIL", new LimitedUpdateEmail().getId());
        assertEquals("default", new AfterFlowEmailSenderProviderFactory().getId());
        for (int order : new int[] {new LimitedResetCredentialEmail().order(), new LimitedVerifyEmail().order(),
                new LimitedUpdateEmail().order(), new AfterFlowEmailSenderProviderFactory().order()}) {
            assertEquals(10, order);
        }
        LimitedResetCredentialEmail reset = new LimitedResetCredentialEmail();
        assertTrue(reset.create(null) == reset);
        LimitedVerifyEmail verify = new LimitedVerifyEmail();
        assertTrue(verify.create(null) == verify);
        LimitedUpdateEmail update = new LimitedUpdateEmail();
        assertTrue(update.create(null) == update);
    }

    private static RealmModel realm(boolean verifyEmail) {
        return Fake.of(RealmModel.class, Map.of("isVerifyEmail", args -> verifyEmail));
    }
}

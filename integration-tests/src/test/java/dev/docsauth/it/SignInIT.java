package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Signing in: the background is asked of readers who lack it, and brute force locks an account for a while. */
class SignInIT {

    private static final String PASSWORD = "a long enough password";

    @Test
    void aReaderWithoutBackgroundIsAskedForItAndCannotFinishWithoutIt() {
        String email = Reader.uniqueEmail("no-background");
        AdminApi.createUser(email, Map.of(), PASSWORD);
        Reader reader = Reader.docsSite();

        Browser.Page asked = reader.signIn(email, PASSWORD);
        assertFalse(Reader.reachedCallback(asked), "signed in without a background");
        assertTrue(asked.document().getElementById("experienceLevel") != null, "not asked for the background");

        Browser.Page refused = reader.submit(asked, "#kc-update-profile-form", Map.of());
        assertFalse(Reader.reachedCallback(refused));
        assertTrue(Reader.fieldError(refused, "experienceLevel") != null, refused.body());

        Browser.Page done = reader.submit(refused, "#kc-update-profile-form",
                Map.of("experienceLevel", "beginner", "professionalRole", "hobbyist"));
        assertTrue(Reader.reachedCallback(done), done.body());
        assertTrue("beginner".equals(AdminApi.attribute(AdminApi.userByEmail(email).orElseThrow(), "experienceLevel")));
    }

    @Test
    void fourWrongPasswordsDoNotLockTheAccount() throws InterruptedException {
        String email = Reader.uniqueEmail("four-wrong");
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), PASSWORD);
        for (int i = 0; i < 4; i++) {
            assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, "wrong password " + i)));
            slowerThanAQuickRetry();
        }
        assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD)));
    }

    @Test
    void fiveWrongPasswordsLockTheAccountUntilTheWaitEndsAndTheLockedSignInIsCounted() throws Exception {
        String email = Reader.uniqueEmail("five-wrong");
        String userId = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), PASSWORD);
        // The realm waits 60 s after the first lockout; the test shortens that wait only, not the count of five.
        ObjectNode realm = (ObjectNode) Json.get(AdminApi.BASE, AdminApi.token()).json();
        int wait = realm.get("waitIncrementSeconds").asInt();
        double locked = AuditIT.metric("docs_signins_total{outcome=\"locked\"}");
        try {
            setWait(3);
            for (int i = 0; i < 5; i++) {
                assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, "wrong password " + i)));
                slowerThanAQuickRetry();
            }
            // Keycloak counts failures on a thread of its own, a moment after the answer.
            waitUntil("five failures lock the account", () -> lockedOut(userId), 30_000);
            Browser.Page refused = Reader.docsSite().signIn(email, PASSWORD);
            assertFalse(Reader.reachedCallback(refused), "the right password worked during the lockout");
            assertEquals(locked + 1, AuditIT.metric("docs_signins_total{outcome=\"locked\"}"));
            assertEquals("locked", AuditIT.auditLines(userId, "signin_failed").get(5).get("outcome").asText());

            waitUntil("the lockout ends", () -> !lockedOut(userId), 30_000);
            assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD)), "still locked after the wait");
        } finally {
            setWait(wait);
            assertEquals(wait, Json.get(AdminApi.BASE, AdminApi.token()).json().get("waitIncrementSeconds").asInt(),
                    "the realm's lockout wait was not restored");
        }
    }

    /** Keycloak's own view of the lockout (admin API, attack detection), as of now. */
    private static boolean lockedOut(String userId) {
        Json.Response r = Json.get(AdminApi.BASE + "/attack-detection/brute-force/users/" + userId, AdminApi.token());
        assertEquals(200, r.status(), r.body());
        return r.json().get("disabled").asBoolean();
    }

    static void waitUntil(String what, java.util.function.BooleanSupplier condition, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + ": not within " + timeoutMillis / 1000 + " s");
            }
            Thread.sleep(200);
        }
    }

    private static void setWait(int seconds) {
        Json.Response r = Json.put(AdminApi.BASE, AdminApi.token(), Map.of("waitIncrementSeconds", seconds));
        assertEquals(204, r.status(), r.body());
    }

    /** Keycloak treats failures less than a second apart as a quick-retry attack with its own lockout. */
    private static void slowerThanAQuickRetry() throws InterruptedException {
        Thread.sleep(1_100);
    }
}

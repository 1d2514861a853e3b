package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The realm's password policy password-strength(3) (our provider, zxcvbn) on the real server: common and guessable
 * passwords, the reader's own address and name and keyboard walks are refused with the translated hint wherever a
 * password is chosen, on the password field: of the sign-up form when it asks for one, and of the update-password
 * page after the verification or reset link (where Keycloak 26.7 puts it in the page's message; our
 * {@code UPDATE_PASSWORD} puts it on the field), and by the admin REST API with a 400; a long passphrase passes.
 */
class PasswordStrengthIT {

    static final String COMMON = "Too easy to guess: it is one of the most used passwords, or close to one. "
            + "Choose a few unrelated words, like a short unusual phrase.";
    static final String PERSONAL = "Too easy to guess: it is built from your email address, your name or this site’s "
            + "name, which are tried first. Choose a few words that have nothing to do with you, like a short unusual phrase.";
    static final String KEYBOARD = "Too easy to guess: keys next to each other on the keyboard are tried early. "
            + "Choose a few unrelated words instead, like a short unusual phrase.";
    /** Long, uncommon, nothing of the reader's: zxcvbn gives it 4. */
    static final String PASSPHRASE = "tidal quarry lantern bloom";

    /** Each refused password and its hint, for a reader of {@code email} (first name Grace, last name Hopper). */
    static Map<String, String> refusals(String email) {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("password", COMMON);
        refusals.put("Password123!", COMMON);
        refusals.put("qwertyuiop", COMMON);
        refusals.put("1qaz2wsx3edc", COMMON);
        refusals.put("asdfghjkl;'", KEYBOARD);
        refusals.put(email, PERSONAL);
        refusals.put("Grace1906", PERSONAL);
        return refusals;
    }

    @Test
    void onThePageAfterTheVerificationLinkGuessablePasswordsAreRefusedWithTheHint() {
        String email = Reader.uniqueEmail("strength-signup");
        Reader reader = Reader.docsSite();
        Browser.Page asked = reader.submit(reader.openSignUp(), "#kc-register-form", Reader.validSignUp(email));
        assertTrue(Reader.asksToVerifyEmail(asked), "no \"verify your e-mail address\" page");
        List<JsonNode> mails = MailCatcher.waitFor(email, 1);
        Browser.Page page = reader.browser.follow(reader.browser.get(
                MailCatcher.link(mails.get(mails.size() - 1), "/login-actions/action-token")), Stack.DOCS_SITE_CALLBACK);

        assertRefused(reader, page, refusals(email));
    }

    @Test
    void onTheResetLinksPageGuessablePasswordsAreRefusedWithTheHint() {
        String email = Reader.uniqueEmail("strength-reset");
        AdminApi.createUser(email, Map.of("experienceLevel", List.of("beginner"), "professionalRole", List.of("student")),
                Reader.PASSWORD);
        Reader reader = Reader.docsSite();
        reader.requestPasswordReset(email);
        String link = MailCatcher.link(MailCatcher.waitFor(email, 1).get(0), "/login-actions/action-token");
        Browser.Page page = reader.browser.follow(reader.browser.get(link), Stack.DOCS_SITE_CALLBACK);

        // The admin-created reader is Ada Lovelace.
        Map<String, String> refusals = refusals(email);
        refusals.remove("Grace1906");
        refusals.put("Lovelace1815", PERSONAL);
        assertRefused(reader, page, refusals);
    }

    @Test
    void onTheSignUpFormWhenItAsksForThePasswordGuessablePasswordsAreRefusedWithTheHint() {
        Json.Response off = Json.put(AdminApi.BASE, AdminApi.token(), Map.of("verifyEmail", false));
        assertEquals(204, off.status(), off.body());
        try {
            String email = Reader.uniqueEmail("strength-form");
            Reader reader = Reader.docsSite();
            for (Map.Entry<String, String> refusal : refusals(email).entrySet()) {
                Map<String, String> form = Reader.validSignUp(email);
                form.put("password", refusal.getKey());
                form.put("password-confirm", refusal.getKey());
                SecretsSeen.seen("password", refusal.getKey());
                Browser.Page refused = reader.submit(reader.openSignUp(), "#kc-register-form", form);
                assertFalse(Reader.reachedCallback(refused), refusal.getKey().length() + "-character password accepted");
                assertEquals(refusal.getValue(), Reader.fieldError(refused, "password"));
            }
            Browser.Page done = reader.submit(reader.openSignUp(), "#kc-register-form", withPassword(email, PASSPHRASE));
            assertTrue(Reader.reachedCallback(done), done.status() + " " + done.document().text());
        } finally {
            Json.Response on = Json.put(AdminApi.BASE, AdminApi.token(), Map.of("verifyEmail", true));
            assertEquals(204, on.status(), on.body());
            assertTrue(Json.get(AdminApi.BASE, AdminApi.token()).json().get("verifyEmail").asBoolean());
        }
    }

    @Test
    void theAdminApiRefusesAGuessablePasswordWithA400AndTheHint() {
        String email = Reader.uniqueEmail("strength-admin");
        String id = AdminApi.createUser(email, Map.of(), Reader.PASSWORD);
        String url = AdminApi.BASE + "/users/" + id + "/reset-password";
        for (String weak : List.of("password", "qwertyuiop", email)) {
            SecretsSeen.seen("password", weak);
            Json.Response refused = Json.put(url, AdminApi.token(), Map.of("type", "password", "value", weak, "temporary", false));
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.body().contains("passwordStrength"), refused.body());
        }
        SecretsSeen.seen("password", PASSPHRASE);
        Json.Response set = Json.put(url, AdminApi.token(), Map.of("type", "password", "value", PASSPHRASE, "temporary", false));
        assertEquals(204, set.status(), set.body());

        Json.Response created = Json.post(AdminApi.BASE + "/users", AdminApi.token(), Map.of("username",
                Reader.uniqueEmail("strength-admin-new"), "enabled", true, "credentials",
                List.of(Map.of("type", "password", "value", "Password123!", "temporary", false))));
        assertEquals(400, created.status(), created.body());
    }

    private static Map<String, String> withPassword(String email, String password) {
        Map<String, String> form = Reader.validSignUp(email);
        form.put("password", password);
        form.put("password-confirm", password);
        SecretsSeen.seen("password", password);
        return form;
    }

    /** Each refused on the update-password page with its hint on the new-password field and no page message, then
     *  the passphrase accepted. */
    private static void assertRefused(Reader reader, Browser.Page page, Map<String, String> refusals) {
        assertTrue(Reader.choosesPassword(page), "no page to choose a password: " + page.document().text());
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            SecretsSeen.seen("password", refusal.getKey());
            page = reader.choosePassword(page, refusal.getKey());
            assertTrue(Reader.choosesPassword(page), refusal.getKey().length() + "-character password accepted");
            assertEquals(refusal.getValue(), Reader.fieldError(page, "password-new"));
            assertEquals("true", page.document().getElementById("password-new").attr("aria-invalid"));
            assertNull(page.document().selectFirst(".pf-v5-c-alert"), "the hint is the field's, not the page's message");
            assertNull(Reader.fieldError(page, "password-confirm"));
        }
        SecretsSeen.seen("password", PASSPHRASE);
        Browser.Page done = reader.choosePassword(page, PASSPHRASE);
        assertTrue(Reader.reachedCallback(done), done.status() + " " + done.document().text());
    }
}

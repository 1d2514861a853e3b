package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The proof of work and honeypot of sign-up and sign-in (docs/contracts.md, "Abuse"): a form posted without a
 * solved challenge, with a forged or replayed solution, or with the honeypot filled in, is refused with its message
 * and creates no account; sign-in asks for a solution only once the account has failed sign-ins.
 */
class ProofOfWorkIT {

    private static final String MISSING = "Your browser did not complete the automatic check that keeps out bots.";
    private static final String INVALID = "The automatic browser check did not pass or has expired.";
    private static final String REPLAYED = "This browser check was already used.";
    private static final String HONEYPOT = "The form was filled in automatically in a way a person cannot.";
    private static final String FIELD = "altcha";

    private static Element widget(Browser.Page page) {
        Element widget = page.document().selectFirst("altcha-widget");
        assertNotNull(widget, "no proof-of-work widget on the page:\n" + page.body());
        return widget;
    }

    /** Posts the sign-up form with {@code changes} and checks it comes back with {@code message} and no account. */
    private static void refusedSignUp(Map<String, String> changes, String message) {
        String email = Reader.uniqueEmail("pow");
        Map<String, String> form = Reader.validSignUp(email);
        form.putAll(changes);
        Reader reader = Reader.docsSite();

        Browser.Page page = reader.submit(reader.openSignUp(), "#kc-register-form", form);

        assertFalse(Reader.reachedCallback(page) || Reader.asksToVerifyEmail(page), "signed up: " + changes.keySet());
        assertEquals(200, page.status());
        assertTrue(page.document().text().contains(message), "expected \"" + message + "\" in:\n" + page.body());
        assertNotNull(page.document().getElementById("kc-register-form"), "the form again");
        assertNotNull(widget(page).attr("challenge"), "with a new challenge");
        assertTrue(AdminApi.userByEmail(email).isEmpty(), "an account was created");
    }

    @Test
    void theSignUpPageCarriesAChallengeOfTheRealmsCostAndAHiddenHoneypot() {
        Browser.Page page = Reader.docsSite().openSignUp();
        Element widget = widget(page);
        JsonNode challenge = ProofOfWork.challenge(widget.attr("challenge"));
        assertEquals("SHA-256", challenge.get("algorithm").asText());
        assertEquals(16_000, challenge.get("maxnumber").asLong(), "the cost set in realm-config/docs-realm.json");
        assertEquals(FIELD, widget.attr("name"));
        Element honeypot = page.document().selectFirst("#kc-register-form .docs-honeypot input[name=website]");
        assertNotNull(honeypot, "no honeypot in the form");
        assertEquals("-1", honeypot.attr("tabindex"));
    }

    @Test
    void aSignUpWithoutASolutionIsRefused() {
        refusedSignUp(Map.of(FIELD, ""), MISSING);
    }

    @Test
    void aSignUpWithAForgedSolutionIsRefused() {
        Browser.Page page = Reader.docsSite().openSignUp();
        String challenge = widget(page).attr("challenge");
        long right = ProofOfWork.number(challenge);
        refusedSignUp(Map.of(FIELD, ProofOfWork.payload(ProofOfWork.challenge(challenge), right + 1)), INVALID);
        refusedSignUp(Map.of(FIELD, "bm90IGEgc29sdXRpb24="), INVALID);
    }

    @Test
    void aSolutionUsedOnceIsRefusedTheSecondTime() {
        Reader first = Reader.docsSite();
        Browser.Page page = first.openSignUp();
        String solution = ProofOfWork.solve(widget(page).attr("challenge"));
        String email = Reader.uniqueEmail("pow-first");
        Map<String, String> form = Reader.validSignUp(email);
        form.put(FIELD, solution);
        Browser.Page answer = first.submit(page, "#kc-register-form", form);
        assertTrue(Reader.asksToVerifyEmail(answer) || Reader.reachedCallback(answer), answer.body());
        assertTrue(AdminApi.userByEmail(email).isPresent(), "the first sign-up made its account");

        refusedSignUp(Map.of(FIELD, solution), REPLAYED);
    }

    @Test
    void aSignUpWithTheHoneypotFilledInIsRefused() {
        refusedSignUp(Map.of("website", "https://cheap-pills.example"), HONEYPOT);
    }

    private static Browser.Page signIn(String email, String password, Map<String, String> extra) {
        Reader reader = Reader.docsSite();
        Map<String, String> fields = new java.util.HashMap<>(Map.of("username", email, "password", password));
        fields.putAll(extra);
        return reader.submit(reader.openSignIn(), "#kc-form-login", fields);
    }

    private static int failures(String userId) {
        return Json.get(AdminApi.BASE + "/attack-detection/brute-force/users/" + userId, AdminApi.token()).json()
                .path("numFailures").asInt();
    }

    @Test
    void signInAsksForTheSolutionOnlyAfterThreeFailures() throws InterruptedException {
        String email = Reader.uniqueEmail("pow-signin");
        String password = "a long enough password";
        String id = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), password);

        assertTrue(widget(Reader.docsSite().openSignIn()).hasAttr("challenge"), "the sign-in page carries one");
        assertTrue(Reader.reachedCallback(signIn(email, password, Map.of(FIELD, ""))),
                "no failures yet: signed in without a solution");

        for (int i = 0; i < 3; i++) {
            // Keycloak's brute-force detection locks an account failing twice within a second: pace the failures
            Thread.sleep(1_100);
            assertFalse(Reader.reachedCallback(signIn(email, "wrong password " + i, Map.of())));
        }
        assertEquals(3, failures(id));

        Browser.Page refused = signIn(email, password, Map.of(FIELD, ""));
        assertFalse(Reader.reachedCallback(refused), "signed in without a solution after three failures");
        assertTrue(refused.document().text().contains(MISSING), refused.body());
        assertEquals(3, failures(id), "a refused proof of work is no failed password: the password was not tried");

        Thread.sleep(1_100);
        assertTrue(Reader.reachedCallback(signIn(email, password, Map.of())), "with the solution, signed in");
    }
}

package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Every bad sign-up is refused with a specific message next to its field, and creates no account. */
class SignUpValidationIT {

    private static final String SCRIPT = "<script>alert(1)</script>";

    static Stream<Arguments> badSignUps() {
        return Stream.of(
                bad("missing experience level", "experienceLevel", "Please specify this field.", f -> f.put("experienceLevel", "")),
                bad("experience level not among the options (forged POST)", "experienceLevel", "Invalid value",
                        f -> f.put("experienceLevel", "expert")),
                bad("role not among the options (forged POST)", "professionalRole", "Invalid value",
                        f -> f.put("professionalRole", "ceo")),
                bad("role other without describing it", "roleOther",
                        "Please describe your role: it is required when your professional role is \"Other\".",
                        f -> f.put("professionalRole", "other")),
                bad("role description of 101 characters", "roleOther", "Length must be between 1 and 100.", f -> {
                    f.put("professionalRole", "other");
                    f.put("roleOther", "r".repeat(101));
                }),
                bad("organization of 101 characters", "organization", "Maximal length is 100.",
                        f -> f.put("organization", "o".repeat(101))));
    }

    private static Arguments bad(String name, String field, String message, Consumer<Map<String, String>> change) {
        return Arguments.of(name, field, message, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignUps")
    void refusedWithItsMessageAndNoAccount(String name, String field, String message, Consumer<Map<String, String>> change) {
        String email = Reader.uniqueEmail("bad");
        Map<String, String> form = Reader.validSignUp(email);
        change.accept(form);

        Browser.Page page = Reader.docsSite().signUp(form);

        assertFalse(Reader.reachedCallback(page), name + " was accepted");
        assertEquals(200, page.status());
        String error = Reader.fieldError(page, field);
        assertNotNull(error, "no error next to " + field + " in:\n" + page.document().select("form").outerHtml());
        assertTrue(error.contains(message), "error next to " + field + " was: " + error);
        assertEquals("true", page.document().getElementById(field).attr("aria-invalid"), "aria-invalid on " + field);
        assertTrue(AdminApi.userByEmail(email).isEmpty(), "an account was created for " + name);
    }

    @Test
    void valuesTypedSoFarAreKeptAfterAnError() {
        Map<String, String> form = Reader.validSignUp(Reader.uniqueEmail("kept"));
        form.put("experienceLevel", "");
        form.put("organization", "Babbage & Co");

        Browser.Page page = Reader.docsSite().signUp(form);

        assertEquals("Babbage & Co", page.document().getElementById("organization").val());
        assertEquals("Grace", page.document().getElementById("firstName").val());
    }

    /**
     * With the realm's e-mail verification on, Keycloak 26.7 asks for the password only after the address is
     * confirmed (no one can set a password on an address that is not theirs): the sign-up form has no password field,
     * and the password policy applies on the page that asks for it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badPasswords")
    void aPasswordOutsideThePolicyIsRefusedWhereItIsChosenAfterTheAddressIsConfirmed(String name, String password, String message) {
        String email = Reader.uniqueEmail("password");
        Reader reader = Reader.docsSite();
        Browser.Page asked = reader.submit(reader.openSignUp(), "#kc-register-form", Reader.validSignUp(email));
        assertNull(asked.document().getElementById("password"), "a password field on the sign-up form");
        assertTrue(Reader.asksToVerifyEmail(asked), "no \"verify your e-mail address\" page");

        Browser.Page choose = reader.verifyEmail(email, password);

        assertTrue(Reader.choosesPassword(choose), name + " was accepted");
        assertTrue(choose.body().contains(message), "no \"" + message + "\" on the page");
        Browser.Page done = reader.choosePassword(choose, Reader.PASSWORD);
        assertTrue(Reader.reachedCallback(done), "a good password after a bad one was refused: " + done.body());
    }

    static Stream<Arguments> badPasswords() {
        return Stream.of(Arguments.of("password of 7 characters", "7chars!", "Invalid password: minimum length 8."),
                Arguments.of("password of 129 characters", "p".repeat(129), "Invalid password: maximum length 128."));
    }

    @Test
    void anEmailAlreadyRegisteredIsRefused() {
        String email = Reader.uniqueEmail("twice");
        assertTrue(Reader.reachedCallback(Reader.docsSite().signUp(Reader.validSignUp(email))));

        Browser.Page again = Reader.docsSite().signUp(Reader.validSignUp(email));

        assertFalse(Reader.reachedCallback(again));
        assertEquals("Email already exists.", Reader.fieldError(again, "email"));
    }

    @Test
    void markupIsStoredAsTextAndComesBackEscaped() {
        String email = Reader.uniqueEmail("markup");
        Map<String, String> form = Reader.validSignUp(email);
        form.put("organization", SCRIPT);
        form.put("experienceLevel", "");

        Browser.Page refused = Reader.docsSite().signUp(form);
        assertFalse(refused.body().contains(SCRIPT), "the page echoes the markup unescaped");
        assertEquals(SCRIPT, refused.document().getElementById("organization").val());

        form.put("experienceLevel", "beginner");
        assertTrue(Reader.reachedCallback(Reader.docsSite().signUp(form)));
        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals(SCRIPT, AdminApi.attribute(user, "organization"));
    }

    @Test
    void forgedFieldsOutsideTheUserProfileAreNotStored() {
        String email = Reader.uniqueEmail("forged");
        Map<String, String> form = Reader.validSignUp(email);
        form.put("emailVerified", "true");
        form.put("user.attributes.isAdmin", "true");
        form.put("isAdmin", "true");
        form.put("professionalRole", "student");
        form.put("roleOther", "Chief hacker");
        Reader reader = Reader.docsSite();

        // The account exists once the form is accepted; the address is confirmed only by the mailed link.
        assertTrue(Reader.asksToVerifyEmail(reader.submit(reader.openSignUp(), "#kc-register-form", form)));

        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertFalse(user.get("emailVerified").asBoolean(), "emailVerified was taken from the form");
        assertFalse(user.path("attributes").has("isAdmin"), user.toString());
        // roleOther only applies when the role is "other": not stored otherwise.
        assertFalse(user.path("attributes").has("roleOther"), user.toString());
    }
}

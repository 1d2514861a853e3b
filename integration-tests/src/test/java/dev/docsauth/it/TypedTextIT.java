package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Text as people really type it (keycloak-extensions/README.md, "Text as people type it"), on every way in: the
 * sign-up page, the account REST API, the admin API, the sign-in and reset forms. Values are stored as the person
 * meant them; refused characters get an error on their own field; nothing reaches the database as a server error.
 */
class TypedTextIT {

    private static final String ASCII_ONLY = "Use an address written with Latin letters, digits and ASCII punctuation only";
    private static final String CONTROL = "invisible or control character";

    /** Padded e-mail addresses, each stored as the bare address it pads. */
    static Stream<Arguments> paddedAddresses() {
        return Stream.of(
                Arguments.of("a trailing space (phone keyboards, paste)", "%s "),
                Arguments.of("a leading tab", "\t%s"),
                Arguments.of("no-break spaces", "\u00A0%s\u00A0"),
                Arguments.of("a zero-width space and a byte-order mark", "\uFEFF%s\u200B"),
                Arguments.of("an ideographic space", "%s\u3000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paddedAddresses")
    void aPaddedAddressSignsUpAsTheAddress(String name, String pattern) {
        String email = Reader.uniqueEmail("pad");
        Map<String, String> form = Reader.validSignUp(String.format(pattern, email));

        Browser.Page page = Reader.docsSite().signUp(form, email);  // the verification mail goes to the address

        assertTrue(Reader.reachedCallback(page), name + ": " + Reader.fieldError(page, "email"));
        assertEquals(email, AdminApi.userByEmail(email).orElseThrow().get("email").asText());
    }

    /** Local parts that RFC 5322 allows and people have: an apostrophe in a name, sub-addresses, tags. */
    static Stream<Arguments> addressesPeopleHave() {
        return Stream.of(Arguments.of("o'brien-%s@example.org"), Arguments.of("reader+docs-%s@example.org"),
                Arguments.of("r&d-%s@example.org"), Arguments.of("first.last_%s@example.org"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("addressesPeopleHave")
    void anAddressWithPunctuationPeopleHaveSignsUp(String pattern) {
        String email = String.format(pattern, java.util.UUID.randomUUID().toString().substring(0, 8));

        Browser.Page page = Reader.docsSite().signUp(Reader.validSignUp(email));

        assertTrue(Reader.reachedCallback(page), email + ": " + Reader.fieldError(page, "email"));
        assertEquals(email, AdminApi.userByEmail(email).orElseThrow().get("username").asText());
    }

    @Test
    void aFullWidthAddressIsStoredInItsPlainForm() {
        String email = Reader.uniqueEmail("wide");
        String fullWidth = email.chars().mapToObj(c -> c >= 0x21 && c <= 0x7E ? Character.toString(c + 0xFEE0) : Character.toString(c))
                .reduce("", String::concat);

        assertTrue(Reader.reachedCallback(Reader.docsSite().signUp(Reader.validSignUp(fullWidth), email)));

        assertTrue(AdminApi.userByEmail(email).isPresent());
    }

    @Test
    void aValueIsStoredWithoutPaddingAndTheTokenCarriesNoMoreThanTheLimit() {
        String email = Reader.uniqueEmail("org");
        Map<String, String> form = Reader.validSignUp(email);
        String hundred = "o".repeat(100);
        form.put("organization", hundred + " ".repeat(40));
        form.put("firstName", "  Grace \t Brewster ");
        form.put("professionalRole", "other");
        form.put("roleOther", "\u200BDeveloper\u00A0\u00A0advocate\u3000");
        Reader reader = Reader.docsSite();

        Browser.Page page = reader.signUp(form);

        assertTrue(Reader.reachedCallback(page), String.valueOf(Reader.fieldError(page, "organization")));
        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals(hundred, AdminApi.attribute(user, "organization"));
        assertEquals("Grace Brewster", user.get("firstName").asText());
        assertEquals("Developer advocate", AdminApi.attribute(user, "roleOther"));
        JsonNode claims = Json.claims(reader.tokens(page).get("access_token").asText());
        assertEquals(hundred, claims.get("organization").asText());
        assertEquals("Developer advocate", claims.get("role_other").asText());
    }

    static Stream<Arguments> internationalisedAddresses() {
        return Stream.of(Arguments.of("reader@почта.рф"), Arguments.of("δοκιμή@example.org"),
                Arguments.of("用户@例子.广告"), Arguments.of("reader@bücher.example"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("internationalisedAddresses")
    void anInternationalisedAddressIsRefusedVisiblyOnTheEmailField(String address) {
        Map<String, String> form = Reader.validSignUp(address);
        form.put("organization", "Kept Org");

        Browser.Page page = Reader.docsSite().signUp(form);

        assertFalse(Reader.reachedCallback(page));
        assertEquals(200, page.status());
        String error = Reader.fieldError(page, "email");
        assertNotNull(error, "no error on the email field:\n" + page.document().select("form").outerHtml());
        assertTrue(error.contains(ASCII_ONLY), error);
        assertEquals("Kept Org", page.document().getElementById("organization").val());
        assertTrue(AdminApi.userByEmail(address).isEmpty());
    }

    /** Characters that have no business in text, each on a field of its own. */
    static Stream<Arguments> refusedCharacters() {
        return Stream.of(
                Arguments.of("NUL in the address (PostgreSQL cannot store it)", "email", "pre\u0000%s"),
                Arguments.of("NUL in the organization", "organization", "Acme\u0000Lab"),
                Arguments.of("an escape sequence in the first name", "firstName", "Ada\u001B[31m"),
                Arguments.of("a right-to-left override in the organization (Trojan Source)", "organization", "Acme\u202Egnp.exe"),
                Arguments.of("a left-to-right isolate in the last name", "lastName", "Hopper\u2066x"),
                Arguments.of("a pop directional isolate in the role description", "roleOther", "Dev\u2069rel"),
                Arguments.of("a replacement character in the organization", "organization", "Caf\uFFFD"),
                Arguments.of("a C1 control in the organization", "organization", "Acme\u0085\u0090Lab"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCharacters")
    void aRefusedCharacterGetsAnErrorOnItsFieldAndNoAccount(String name, String field, String value) {
        String email = Reader.uniqueEmail("ctl");
        Map<String, String> form = Reader.validSignUp(email);
        form.put("professionalRole", "other");
        form.put("roleOther", "Writer");
        form.put(field, field.equals("email") ? String.format(value, email) : value);

        Browser.Page page = Reader.docsSite().signUp(form);

        assertFalse(Reader.reachedCallback(page), name + " was accepted");
        assertEquals(200, page.status(), name + ": " + page.body());
        String error = Reader.fieldError(page, field);
        assertNotNull(error, "no error next to " + field + ":\n" + page.document().select("form").outerHtml());
        assertTrue(error.contains(CONTROL) || error.contains(ASCII_ONLY), error);
        assertTrue(AdminApi.userByEmail(email).isEmpty());
    }

    @Test
    void textInEveryScriptIsKeptAsTyped() {
        String email = Reader.uniqueEmail("scripts");
        Map<String, String> form = Reader.validSignUp(email);
        form.put("firstName", "Zoë");
        form.put("lastName", "محمد");
        form.put("organization", "می\u200Cخواهم · 山田研究室 👩\u200D💻");

        assertTrue(Reader.reachedCallback(Reader.docsSite().signUp(form)));

        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals("محمد", user.get("lastName").asText());
        assertEquals("می\u200Cخواهم · 山田研究室 👩\u200D💻", AdminApi.attribute(user, "organization"));
    }

    @Test
    void theAccountRestApiNormalisesAndRefusesTheSame() {
        String email = Reader.uniqueEmail("account-text");
        AdminApi.createUser(email, ProfileRulesIT.background("intermediate", "student", null), ProfileRulesIT.PASSWORD);
        String token = ProfileRulesIT.accountToken(email);
        String account = Stack.ISSUER + "/account/";
        ObjectNode me = (ObjectNode) Json.get(account, token).json();

        ObjectNode attributes = (ObjectNode) me.get("attributes");
        attributes.set("organization", Json.MAPPER.valueToTree(List.of("o".repeat(100) + " ".repeat(40))));
        Json.Response padded = Json.post(account, token, me);
        assertEquals(204, padded.status(), padded.body());
        assertEquals("o".repeat(100), AdminApi.attribute(AdminApi.userByEmail(email).orElseThrow(), "organization"));

        attributes.set("organization", Json.MAPPER.valueToTree(List.of("Acme\u0000Lab")));
        Json.Response refused = Json.post(account, token, me);
        assertEquals(400, refused.status(), refused.body());
        assertEquals("organization", refused.json().path("errors").path(0).path("field").asText(), refused.body());
        assertEquals("error-typed-text-character", refused.json().path("errors").path(0).path("errorMessage").asText());
        assertEquals("o".repeat(100), AdminApi.attribute(AdminApi.userByEmail(email).orElseThrow(), "organization"));
    }

    @Test
    void theAdminApiNormalisesAndRefusesTheSame() {
        String email = Reader.uniqueEmail("admin-text");
        Map<String, Object> rep0 = Map.of("username", email, "email", " " + email + "\u00A0", "enabled", true,
                "firstName", "Ada", "lastName", "Lovelace",
                "attributes", ProfileRulesIT.background("beginner", "other", " Sound\t engineer\u200B"));
        Json.Response created = Json.post(AdminApi.BASE + "/users", AdminApi.token(), rep0);
        assertEquals(201, created.status(), created.body());
        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        String id = user.get("id").asText();
        assertEquals(email, user.get("email").asText());
        assertEquals(email, user.get("username").asText());
        assertEquals("Sound engineer", AdminApi.attribute(user, "roleOther"));

        ObjectNode rep = (ObjectNode) user;
        rep.put("lastName", "Love\u202Elace");
        Json.Response refused = Json.put(AdminApi.BASE + "/users/" + id, AdminApi.token(), rep);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("error-typed-text-character"), refused.body());
        assertEquals("Lovelace", AdminApi.user(id).get("lastName").asText());
    }

    @Test
    void theRequiredActionAtSignInNormalisesAndRefusesTheSame() {
        // A reader an admin created without a background is asked for it at sign-in (the update-profile form).
        String email = Reader.uniqueEmail("required-action");
        AdminApi.createUser(email, Map.of(), ProfileRulesIT.PASSWORD);
        Reader reader = Reader.docsSite();
        Browser.Page asked = reader.signIn(email, ProfileRulesIT.PASSWORD);
        assertNotNull(asked.document().getElementById("kc-update-profile-form"), asked.body());

        Browser.Page refused = reader.submit(asked, "#kc-update-profile-form", Map.of("experienceLevel", "advanced",
                "professionalRole", "other", "roleOther", "Dev\u202Erel", "organization", "Kept"));
        assertFalse(Reader.reachedCallback(refused));
        assertTrue(String.valueOf(Reader.fieldError(refused, "roleOther")).contains(CONTROL), refused.body());

        Browser.Page done = reader.submit(refused, "#kc-update-profile-form", Map.of("experienceLevel", "advanced",
                "professionalRole", "other", "roleOther", " Developer\t\tadvocate\u00A0", "organization", "Kept"));
        assertTrue(Reader.reachedCallback(done), done.body());
        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals("Developer advocate", AdminApi.attribute(user, "roleOther"));
        assertEquals("Kept", AdminApi.attribute(user, "organization"));
    }

    @Test
    void theSignInFormFindsThePaddedOrFullWidthAddress() {
        String email = Reader.uniqueEmail("signin-pad");
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);

        Reader reader = Reader.docsSite();
        Browser.Page page = reader.signIn("\u00A0" + email.toUpperCase() + "\u200B ", ProfileRulesIT.PASSWORD);

        assertTrue(Reader.reachedCallback(page), page.body());
    }

    @Test
    void aControlCharacterInTheSignInFormIsAnOrdinaryRefusalNotAServerError() {
        Browser.Page page = Reader.docsSite().signIn("a\u0000b@example.org", "whatever-password");

        assertEquals(200, page.status(), page.body());
        assertNotNull(page.document().getElementById("kc-form-login"), page.body());
        assertTrue(page.body().contains("Invalid email or password."), page.body());
    }

    @Test
    void aControlCharacterInTheResetFormIsAnOrdinaryRefusalNotAServerError() {
        Reader reader = Reader.docsSite();
        Browser.Page signIn = reader.openSignIn();
        String resetUrl = signIn.document().selectFirst("a[href*=reset-credentials]").absUrl("href");
        Browser.Page reset = reader.browser.get(resetUrl);

        Browser.Page answer = reader.submit(reset, "#kc-reset-password-form", Map.of("username", "a\u0000b@example.org"));

        assertEquals(200, answer.status(), answer.body());
        assertNotNull(answer.document().getElementById("kc-reset-password-form"), answer.body());
        assertNotNull(Reader.fieldError(answer, "username"), answer.body());
    }

    @Test
    void anErrorOfTheUsernameCopyIsShownOnTheEmailField() throws Exception {
        // The page shows no username (it is the address). A username rule stricter than the address's own, as an
        // admin might add, must not fail silently: its error is shown on the email field.
        String token = AdminApi.token();
        String original = Json.get(AdminApi.BASE + "/users/profile", token).body();
        ObjectNode profile = (ObjectNode) Json.MAPPER.valueToTree(Json.get(AdminApi.BASE + "/users/profile", token).json());
        for (JsonNode attribute : profile.get("attributes")) {
            if ("username".equals(attribute.get("name").asText())) {
                ((ObjectNode) attribute.get("validations")).putObject("length").put("min", 3).put("max", 30);
            }
        }
        try {
            assertEquals(200, Json.put(AdminApi.BASE + "/users/profile", token, profile).status());
            String email = "a-rather-long-address-" + Reader.uniqueEmail("copy");
            Browser.Page page = Reader.docsSite().signUp(Reader.validSignUp(email));

            assertFalse(Reader.reachedCallback(page));
            assertEquals("Length must be between 3 and 30.", Reader.fieldError(page, "email"));
            assertTrue(AdminApi.userByEmail(email).isEmpty());

            // While the address itself is wrong, its own error is the only one.
            Browser.Page wrong = Reader.docsSite().signUp(Reader.validSignUp("not-an-address-but-longer-than-thirty"));
            assertEquals("Invalid email address.", Reader.fieldError(wrong, "email"));
        } finally {
            Json.Response restored = Json.put(AdminApi.BASE + "/users/profile", AdminApi.token(), Json.MAPPER.readTree(original));
            assertEquals(200, restored.status(), restored.body());
        }
        assertEquals(Json.MAPPER.readTree(original), Json.get(AdminApi.BASE + "/users/profile", AdminApi.token()).json(),
                "the user profile was not restored");
    }
}

package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The account console reads and changes the reader's consent with its own token, through Keycloak's account REST
 * API (keycloak-extensions/README.md, "Consent to personalisation"), and each change is kept in the consent history
 * (table DOCS_CONSENT_HISTORY), which goes with the reader; so does the docs site's Account page with its own token
 * (scope docs-account). The site's tokens for the chatbot API are refused there (HardeningIT, finding 6).
 */
class AccountApiConsentIT {

    static final String ACCOUNT = Stack.ISSUER + "/account/";
    private static final String SENTENCE = "Use my background to tailor the assistant’s answers";

    /** A reader created by an admin, with a background and no consent, and an account-console access token of theirs. */
    record SiteReader(String id, String email, String token) {
        static SiteReader create(String tag) {
            String email = Reader.uniqueEmail(tag);
            String id = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "other", "Technical writer"), ProfileRulesIT.PASSWORD);
            return new SiteReader(id, email, ProfileRulesIT.accountToken(email));
        }
    }

    /** The documented call: GET the account, set attributes.personalizationConsent, POST the whole of it back. */
    static Json.Response setConsent(String token, boolean given) {
        Json.Response me = Json.get(ACCOUNT + "?userProfileMetadata=false", token);
        assertEquals(200, me.status(), me.body());
        ObjectNode rep = (ObjectNode) me.json();
        ((ObjectNode) rep.get("attributes")).set("personalizationConsent", Json.MAPPER.valueToTree(given ? List.of("true") : List.of()));
        return Json.post(ACCOUNT, token, rep);
    }

    @Test
    void anAccountConsoleTokenReadsAndChangesTheConsentAndNothingElse() {
        SiteReader reader = SiteReader.create("account-api-consent");

        Json.Response before = Json.get(ACCOUNT, reader.token());
        assertEquals(200, before.status(), before.body());
        assertEquals(reader.email(), before.json().get("email").asText());
        assertFalse(before.json().get("attributes").has("personalizationConsent"), before.body());

        assertEquals(204, setConsent(reader.token(), true).status());
        JsonNode user = AdminApi.user(reader.id());
        assertEquals("true", AdminApi.attribute(user, "personalizationConsent"));
        assertBackgroundUnchanged(user);
        assertEquals(List.of("true"), Json.MAPPER.convertValue(
                Json.get(ACCOUNT, reader.token()).json().get("attributes").get("personalizationConsent"), List.class));

        assertEquals(204, setConsent(reader.token(), false).status());
        user = AdminApi.user(reader.id());
        assertEquals(null, AdminApi.attribute(user, "personalizationConsent"));
        assertBackgroundUnchanged(user);
        assertEquals("Ada", user.get("firstName").asText());
    }

    /**
     * The docs site's Account page does the same with its own token (docs-site, optional scope docs-account, asked for
     * silently with the reader's Keycloak session), not with the site's tokens for the chatbot API.
     */
    @Test
    void theAccountPagesOwnTokenReadsAndChangesTheConsent() throws SQLException {
        String email = Reader.uniqueEmail("account-page-consent");
        String id = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "other", "Technical writer"), ProfileRulesIT.PASSWORD);
        Reader site = Reader.docsSite();
        site.tokens(site.signIn(email, ProfileRulesIT.PASSWORD));
        Reader accountPage = site.accountPage();
        String token = accountPage.tokens(accountPage.silentSignIn()).get("access_token").asText();

        assertEquals(204, setConsent(token, true).status());
        assertEquals("true", AdminApi.attribute(AdminApi.user(id), "personalizationConsent"));
        assertEquals(204, setConsent(token, false).status());
        JsonNode user = AdminApi.user(id);
        assertEquals(null, AdminApi.attribute(user, "personalizationConsent"));
        assertBackgroundUnchanged(user);
        assertEquals(List.of("true account", "false account"), history(id));
    }

    @Test
    void theConsentAloneIsNotEnough() {
        // The account API takes the whole representation: what is left out is taken as removed, so the site sends
        // back everything GET gave it.
        SiteReader reader = SiteReader.create("account-api-partial");
        Json.Response partial = Json.post(ACCOUNT, reader.token(), Map.of("attributes", Map.of("personalizationConsent", List.of("true"))));
        assertEquals(400, partial.status(), partial.body());
        JsonNode user = AdminApi.user(reader.id());
        assertEquals(null, AdminApi.attribute(user, "personalizationConsent"));
        assertBackgroundUnchanged(user);
    }

    @Test
    void aValueOtherThanTrueIsRefusedOnTheAttribute() {
        SiteReader reader = SiteReader.create("account-api-forged");
        ObjectNode rep = (ObjectNode) Json.get(ACCOUNT + "?userProfileMetadata=false", reader.token()).json();
        ((ObjectNode) rep.get("attributes")).set("personalizationConsent", Json.MAPPER.valueToTree(List.of("false")));
        Json.Response refused = Json.post(ACCOUNT, reader.token(), rep);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("personalizationConsent"), refused.body());
    }

    @Test
    void eachConsentGivenOrWithdrawnIsKeptWithItsWordingAndHowAndGoesWithTheReader() throws Exception {
        // Sign-up with the box ticked.
        String email = Reader.uniqueEmail("consent-history");
        Reader site = Reader.docsSite();
        Browser.Page done = site.signUp(Reader.validSignUp(email));
        assertTrue(Reader.reachedCallback(done), done.body());
        String id = AdminApi.userByEmail(email).orElseThrow().get("id").asText();
        String token = new SiteReader(id, email, accountTokenWith(email, Reader.PASSWORD)).token();

        // Withdrawn and given again in the account console (account API), withdrawn by an admin.
        assertEquals(204, setConsent(token, false).status());
        assertEquals(204, setConsent(token, true).status());
        assertEquals(204, setConsent(token, true).status(), "no change: no record");
        ObjectNode rep = (ObjectNode) AdminApi.user(id);
        ((ObjectNode) rep.get("attributes")).remove("personalizationConsent");
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + id, AdminApi.token(), rep).status());

        List<String> rows = history(id);
        assertEquals(List.of("true sign-up", "false account", "true account", "false admin"), rows);
        try (Connection db = database(); PreparedStatement q = db.prepareStatement(
                "select wording, wording_version, changed_at, realm_id from docs_consent_history where user_id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    assertEquals(SENTENCE, r.getString(1));
                    assertEquals("1", r.getString(2));
                    assertTrue(Math.abs(System.currentTimeMillis() - r.getLong(3)) < 600_000, "UTC milliseconds: " + r.getLong(3));
                    assertFalse(r.getString(4).isEmpty());
                }
            }
        }

        assertEquals(204, Json.delete(AdminApi.BASE + "/users/" + id, AdminApi.token()).status());
        assertEquals(List.of(), history(id));
    }

    @Test
    void theUpdateProfilePageRecordsAProfileUpdate() throws Exception {
        SiteReader reader = SiteReader.create("consent-update-profile");
        Reader site = Reader.docsSite();
        site.signIn(reader.email(), ProfileRulesIT.PASSWORD);
        Browser.Page form = site.openAction("UPDATE_PROFILE");
        Browser.Page done = site.submit(form, "#kc-update-profile-form", Map.of("personalizationConsent", "true"));
        assertTrue(Reader.reachedCallback(done), done.body());
        assertEquals("true", AdminApi.attribute(AdminApi.user(reader.id()), "personalizationConsent"));
        assertBackgroundUnchanged(AdminApi.user(reader.id()));
        assertEquals(List.of("true profile-update"), history(reader.id()));
    }

    private static void assertBackgroundUnchanged(JsonNode user) {
        assertEquals("beginner", AdminApi.attribute(user, "experienceLevel"));
        assertEquals("other", AdminApi.attribute(user, "professionalRole"));
        assertEquals("Technical writer", AdminApi.attribute(user, "roleOther"));
    }

    /** The reader's rows, oldest first: "given method". */
    static List<String> history(String userId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = database(); PreparedStatement q = db.prepareStatement(
                "select given, method from docs_consent_history where user_id = ? order by changed_at, id")) {
            q.setString(1, userId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getBoolean(1) + " " + r.getString(2));
                }
            }
        }
        return rows;
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(Stack.DB_URL, Stack.DB_USER, Stack.DB_PASSWORD);
    }

    private static String accountTokenWith(String email, String password) {
        Reader console = Reader.accountConsole();
        return console.tokens(console.signIn(email, password)).get("access_token").asText();
    }
}

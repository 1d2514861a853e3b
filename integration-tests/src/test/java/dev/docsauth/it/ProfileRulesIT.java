package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The rules hold on every way in: the admin REST API and the account REST API, not just the sign-up page. */
class ProfileRulesIT {

    static final String PASSWORD = "a long enough password";

    @Test
    void adminsFindReadersByAttribute() {
        String email = Reader.uniqueEmail("searchable");
        String id = AdminApi.createUser(email, background("advanced", "educator", null), null);

        Json.Response found = Json.get(AdminApi.BASE + "/users?q=experienceLevel:advanced&max=1000", AdminApi.token());

        assertEquals(200, found.status());
        List<String> ids = found.json().findValuesAsText("id");
        assertTrue(ids.contains(id), "search by attribute did not find " + email);
        JsonNode user = AdminApi.user(id);
        assertEquals("educator", AdminApi.attribute(user, "professionalRole"));
    }

    @Test
    void theAdminApiRefusesTheSameBadValues() {
        String id = AdminApi.createUser(Reader.uniqueEmail("admin-bad"), background("beginner", "student", null), null);
        String token = AdminApi.token();

        for (Map<String, List<String>> bad : List.of(
                background("expert", "student", null),
                background("beginner", "ceo", null),
                background("beginner", "other", null),
                background("beginner", "other", "r".repeat(101)),
                Map.of("experienceLevel", List.of("beginner"), "professionalRole", List.of("student"),
                        "organization", List.of("o".repeat(101))))) {
            ObjectNode rep = (ObjectNode) AdminApi.user(id);
            rep.set("attributes", Json.MAPPER.valueToTree(bad));
            Json.Response r = Json.put(AdminApi.BASE + "/users/" + id, token, rep);
            assertEquals(400, r.status(), "admin API accepted " + bad + ": " + r.body());
        }
        assertEquals("beginner", AdminApi.attribute(AdminApi.user(id), "experienceLevel"));
    }

    @Test
    void anAdminChangingTheRoleAwayFromOtherDropsTheDescription() {
        String id = AdminApi.createUser(Reader.uniqueEmail("admin-role"), background("beginner", "other", "Technical writer"), null);
        assertEquals("Technical writer", AdminApi.attribute(AdminApi.user(id), "roleOther"));

        ObjectNode rep = (ObjectNode) AdminApi.user(id);
        // The admin console sends every attribute back, the stale description included.
        rep.set("attributes", Json.MAPPER.valueToTree(background("beginner", "student", "Technical writer")));
        Json.Response r = Json.put(AdminApi.BASE + "/users/" + id, AdminApi.token(), rep);

        assertEquals(204, r.status(), r.body());
        JsonNode user = AdminApi.user(id);
        assertEquals("student", AdminApi.attribute(user, "professionalRole"));
        assertNull(AdminApi.attribute(user, "roleOther"), user.toString());
    }

    @Test
    void theAccountApiRefusesBadValuesAndDropsTheDescriptionWhenTheRoleChanges() {
        String email = Reader.uniqueEmail("account");
        AdminApi.createUser(email, background("intermediate", "other", "Sound engineer"), PASSWORD);
        String token = accountToken(email);
        String account = Stack.ISSUER + "/account/";

        ObjectNode me = (ObjectNode) Json.get(account, token).json();
        assertEquals("Sound engineer", me.path("attributes").path("roleOther").path(0).asText(), me + " " + Json.claims(token));

        me.set("attributes", Json.MAPPER.valueToTree(background("wizard", "other", "Sound engineer")));
        Json.Response bad = Json.post(account, token, me);
        assertEquals(400, bad.status(), bad.body());

        me.set("attributes", Json.MAPPER.valueToTree(background("intermediate", "other", "")));
        Json.Response missing = Json.post(account, token, me);
        assertEquals(400, missing.status(), missing.body());
        assertTrue(missing.body().contains("error-role-other-required"), missing.body());

        me.set("attributes", Json.MAPPER.valueToTree(background("intermediate", "student", "Sound engineer")));
        Json.Response ok = Json.post(account, token, me);
        assertEquals(204, ok.status(), ok.body());
        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals("student", AdminApi.attribute(user, "professionalRole"));
        assertNull(AdminApi.attribute(user, "roleOther"), user.toString());
    }

    @Test
    void theUpdateProfileRequiredActionDropsTheDescriptionWhenTheRoleChanges() {
        String email = Reader.uniqueEmail("required-action");
        String id = AdminApi.createUser(email, background("intermediate", "other", "Sound engineer"), PASSWORD);
        ObjectNode rep = (ObjectNode) AdminApi.user(id);
        rep.putArray("requiredActions").add("UPDATE_PROFILE");
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + id, AdminApi.token(), rep).status());
        Reader reader = Reader.docsSite();

        Browser.Page asked = reader.signIn(email, PASSWORD);
        assertFalse(Reader.reachedCallback(asked), "signed in without the required action");
        assertEquals("Sound engineer", asked.document().getElementById("roleOther").val(), asked.body());
        // The form posts the stale description with the new role, as a browser does with the field hidden.
        Browser.Page done = reader.submit(asked, "#kc-update-profile-form", Map.of("professionalRole", "student"));

        assertTrue(Reader.reachedCallback(done), done.body());
        JsonNode user = AdminApi.user(id);
        assertEquals("student", AdminApi.attribute(user, "professionalRole"));
        assertNull(AdminApi.attribute(user, "roleOther"), user.toString());
        assertFalse(user.get("requiredActions").elements().hasNext(), user.toString());
    }

    @Test
    void aUserProfileWithABadRequiredWhenConfigurationIsRefusedWhenSaved() {
        String token = AdminApi.token();
        ObjectNode profile = (ObjectNode) Json.get(AdminApi.BASE + "/users/profile", token).json();
        for (JsonNode attribute : profile.get("attributes")) {
            if ("roleOther".equals(attribute.get("name").asText())) {
                ((ObjectNode) attribute.get("validations").get("required-when")).putArray("values");
            }
        }
        Json.Response r = Json.put(AdminApi.BASE + "/users/profile", token, profile);
        assertEquals(400, r.status(), r.body());
        // Nothing changed: the stored profile still has the rule.
        assertTrue(Json.get(AdminApi.BASE + "/users/profile", token).body().contains("\"values\":[\"other\"]"));
    }

    @Test
    void ourProvidersAreLoaded() {
        JsonNode info = Json.get(Stack.KEYCLOAK_URL + "/admin/serverinfo", AdminApi.token()).json();
        JsonNode providers = info.get("providers");
        assertTrue(providers.path("eventsListener").path("providers").has("docs-audit"));
        assertTrue(providers.path("validator").path("providers").has("required-when"));
        // Ours replaces Keycloak's declarative user profile under the same id, with a higher order.
        assertEquals(11, providers.path("userProfile").path("providers").path("declarative-user-profile").path("order").asInt());
        // And Keycloak's sign-in and reset forms, to read the username through our rule for typed text.
        assertEquals(10, providers.path("authenticator").path("providers").path("auth-username-password-form").path("order").asInt());
        assertEquals(10, providers.path("authenticator").path("providers").path("reset-credentials-choose-user").path("order").asInt());
        assertFalse(info.path("themes").path("login").findValuesAsText("name").isEmpty());
        assertTrue(info.path("themes").path("login").findValuesAsText("name").contains("docs"));
    }

    static Map<String, List<String>> background(String level, String role, String other) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        m.put("experienceLevel", List.of(level));
        m.put("professionalRole", List.of(role));
        if (other != null) {
            m.put("roleOther", List.of(other));
        }
        return m;
    }

    /** An access token of the account console, from a real sign-in on the hosted page. */
    static String accountToken(String email) {
        Reader reader = Reader.accountConsole();
        Browser.Page page = reader.signIn(email, PASSWORD);
        return reader.tokens(page).get("access_token").asText();
    }
}

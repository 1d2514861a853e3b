package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the realm promises (deploy/README.md, realm-config/docs-realm.json), read back from the running server: access
 * tokens for 5 minutes, single sign-on for 7 days idle, events kept 90 days, a lockout after 5 failures of 60 s growing
 * to 15 minutes; and a realm import with a bad {@code required-when} is refused.
 */
class RealmSettingsIT {

    static final int ACCESS_TOKEN_SECONDS = 5 * 60;

    @Test
    void theRealmServesItsPromisedLifetimesRetentionAndLockout() {
        JsonNode realm = Json.get(AdminApi.BASE, AdminApi.token()).json();

        assertEquals(ACCESS_TOKEN_SECONDS, realm.get("accessTokenLifespan").asInt());
        assertEquals(7 * 24 * 3600, realm.get("ssoSessionIdleTimeout").asInt());
        assertTrue(realm.get("eventsEnabled").asBoolean());
        assertEquals(90L * 24 * 3600, realm.get("eventsExpiration").asLong());
        assertTrue(realm.get("bruteForceProtected").asBoolean());
        assertFalse(realm.get("permanentLockout").asBoolean());
        assertEquals(5, realm.get("failureFactor").asInt());
        assertEquals(60, realm.get("waitIncrementSeconds").asInt(), "a test that changed the wait did not restore it");
        assertEquals(15 * 60, realm.get("maxFailureWaitSeconds").asInt());
    }

    @Test
    void aRealAccessTokenLivesFiveMinutes() {
        String email = Reader.uniqueEmail("lifetime");
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);
        Reader reader = Reader.docsSite();

        JsonNode tokens = reader.tokens(reader.signIn(email, ProfileRulesIT.PASSWORD));
        JsonNode claims = Json.claims(tokens.get("access_token").asText());

        assertEquals(ACCESS_TOKEN_SECONDS, claims.get("exp").asLong() - claims.get("iat").asLong());
        // expires_in counts from the answer, a moment after the token was made.
        int expiresIn = tokens.get("expires_in").asInt();
        assertTrue(expiresIn > ACCESS_TOKEN_SECONDS - 60 && expiresIn <= ACCESS_TOKEN_SECONDS, "expires_in " + expiresIn);
    }

    /**
     * The same import as `--import-realm` at start (Keycloak's realm import), through the admin API: refused by our
     * validator's check of its configuration, and nothing of the realm is left. (Keycloak's admin API answers a
     * component refused at import with 500 and its generic error, as for Keycloak's own components: its error handler
     * has no status for ComponentValidationException; at start, Keycloak stops with the same exception.)
     */
    @Test
    void aRealmImportWithABadRequiredWhenIsRefused() throws Exception {
        String name = "docs-it-bad-profile-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode profile = Json.get(AdminApi.BASE + "/users/profile", AdminApi.token()).json();
        for (JsonNode attribute : profile.get("attributes")) {
            if ("roleOther".equals(attribute.get("name").asText())) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) attribute.get("validations").get("required-when"))
                        .remove("attribute");
            }
        }
        Map<String, Object> realm = Map.of("realm", name, "enabled", true, "components", Map.of(
                "org.keycloak.userprofile.UserProfileProvider", List.of(Map.of(
                        "providerId", "declarative-user-profile", "subComponents", Map.of(),
                        "config", Map.of("kc.user.profile.config", List.of(Json.MAPPER.writeValueAsString(profile)))))));
        String realms = Stack.KEYCLOAK_URL + "/admin/realms";
        long logBefore = Files.size(Stack.KEYCLOAK_LOG);
        try {
            Json.Response imported = Json.post(realms, AdminApi.token(), realm);

            assertTrue(imported.status() >= 400, "imported: " + imported.status());
            assertEquals(404, Json.get(realms + "/" + name, AdminApi.token()).status(), "the refused realm exists");
            assertTrue(logSince(logBefore).contains("ComponentValidationException: [Validator 'required-when' defined for"
                    + " attribute 'roleOther' has incorrect configuration"), "not refused by the required-when check");
        } finally {
            Json.delete(realms + "/" + name, AdminApi.token());
        }
    }

    private static String logSince(long offset) throws IOException {
        try (var in = Files.newInputStream(Stack.KEYCLOAK_LOG)) {
            in.skipNBytes(offset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

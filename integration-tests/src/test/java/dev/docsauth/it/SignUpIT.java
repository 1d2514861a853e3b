package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** A reader signs up on the hosted page and the docs site gets tokens with their background. */
class SignUpIT {

    @Test
    void signUpStoresTheBackgroundAndTheTokensCarryIt() {
        String email = Reader.uniqueEmail("signup");
        Reader reader = Reader.docsSite();
        Map<String, String> form = Reader.validSignUp(email);
        form.put("experienceLevel", "advanced");
        form.put("professionalRole", "other");
        form.put("roleOther", "Developer advocate");
        form.put("organization", "Analytical Engines Ltd");

        Browser.Page done = reader.signUp(form);
        assertTrue(Reader.reachedCallback(done), "sign-up did not finish: " + done.body());

        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals("advanced", AdminApi.attribute(user, "experienceLevel"));
        assertEquals("other", AdminApi.attribute(user, "professionalRole"));
        assertEquals("Developer advocate", AdminApi.attribute(user, "roleOther"));
        assertEquals("Analytical Engines Ltd", AdminApi.attribute(user, "organization"));

        JsonNode tokens = reader.tokens(done);
        JsonNode access = Json.claims(tokens.get("access_token").asText());
        assertEquals(Stack.ISSUER, access.get("iss").asText());
        assertTrue(audience(access).contains("rag-api"), "aud: " + access.get("aud"));
        assertEquals("docs-site", access.get("azp").asText());
        assertBackground(access, email);
        assertBackground(Json.claims(tokens.get("id_token").asText()), email);

        // A public client's userinfo request carries a DPoP proof too (realm policy docs-dpop-for-public-clients).
        String userinfoUrl = Stack.ISSUER + "/protocol/openid-connect/userinfo";
        Json.Response userinfo = Json.get(userinfoUrl, tokens.get("access_token").asText(), reader.dpop.proof("GET", userinfoUrl));
        assertEquals(200, userinfo.status(), userinfo.body());
        assertBackground(userinfo.json(), email);
    }

    @Test
    void optionalClaimsAreAbsentWhenNotSet() {
        String email = Reader.uniqueEmail("plain");
        Reader reader = Reader.docsSite();
        Browser.Page done = reader.signUp(Reader.validSignUp(email));
        JsonNode access = Json.claims(reader.tokens(done).get("access_token").asText());
        assertEquals("intermediate", access.get("experience_level").asText());
        assertEquals("researcher", access.get("professional_role").asText());
        assertFalse(access.has("role_other"), access.toString());
        assertFalse(access.has("organization"), access.toString());
    }

    private static void assertBackground(JsonNode claims, String email) {
        assertEquals(email, claims.get("email").asText());
        assertEquals(email, claims.get("preferred_username").asText());
        assertEquals("Grace Hopper", claims.get("name").asText());
        assertTrue(claims.has("email_verified"));
        assertTrue(claims.has("sub"));
        assertEquals("advanced", claims.get("experience_level").asText());
        assertEquals("other", claims.get("professional_role").asText());
        assertEquals("Developer advocate", claims.get("role_other").asText());
        assertEquals("Analytical Engines Ltd", claims.get("organization").asText());
    }

    static java.util.List<String> audience(JsonNode claims) {
        JsonNode aud = claims.get("aud");
        if (aud == null) {
            return java.util.List.of();
        }
        if (aud.isArray()) {
            java.util.List<String> out = new java.util.ArrayList<>();
            aud.forEach(a -> out.add(a.asText()));
            return out;
        }
        return java.util.List.of(aud.asText());
    }
}

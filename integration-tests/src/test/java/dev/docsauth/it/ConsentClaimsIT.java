package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The background claims follow the reader's consent to personalisation (the {@code background} scope's mapper
 * {@code docs-background-claims}): real sign-ups on the hosted page, real tokens, every kind of token.
 */
class ConsentClaimsIT {

    private static final List<String> BACKGROUND_CLAIMS = List.of("experience_level", "professional_role", "role_other", "organization");
    private static final String INTROSPECTION = Stack.ISSUER + "/protocol/openid-connect/token/introspect";
    private static final String USERINFO = Stack.ISSUER + "/protocol/openid-connect/userinfo";
    private static final String RAG_API_SECRET = System.getenv().getOrDefault("RAG_API_CLIENT_SECRET", "dev-only-rag-api-secret");

    @Test
    void signedUpWithTheBoxUntickedNoTokenCarriesTheBackground() {
        String email = Reader.uniqueEmail("no-consent");
        Reader reader = Reader.docsSite();
        Map<String, String> form = withBackground(Reader.validSignUp(email));
        form.remove("personalizationConsent");
        Browser.Page done = reader.signUp(form);
        assertTrue(Reader.reachedCallback(done), "sign-up did not finish: " + done.body());

        JsonNode user = AdminApi.userByEmail(email).orElseThrow();
        assertEquals("advanced", AdminApi.attribute(user, "experienceLevel"), "the background is stored either way");
        assertNull(AdminApi.attribute(user, "personalizationConsent"));

        for (JsonNode claims : everyKindOfToken(reader, reader.tokens(done))) {
            assertEquals(email, claims.get("email").asText(), "the standard claims stay");
            for (String claim : BACKGROUND_CLAIMS) {
                assertFalse(claims.has(claim), claim + " without consent, among " + names(claims));
            }
        }
    }

    @Test
    void signedUpWithTheBoxTickedEveryTokenCarriesTheBackground() {
        String email = Reader.uniqueEmail("consent");
        Reader reader = Reader.docsSite();
        Browser.Page done = reader.signUp(withBackground(Reader.validSignUp(email)));
        assertTrue(Reader.reachedCallback(done), "sign-up did not finish: " + done.body());
        assertEquals("true", AdminApi.attribute(AdminApi.userByEmail(email).orElseThrow(), "personalizationConsent"));

        for (JsonNode claims : everyKindOfToken(reader, reader.tokens(done))) {
            assertEquals("advanced", claims.get("experience_level").asText(), names(claims));
            assertEquals("other", claims.get("professional_role").asText(), names(claims));
            assertEquals("Developer advocate", claims.get("role_other").asText(), names(claims));
            assertEquals("Analytical Engines Ltd", claims.get("organization").asText(), names(claims));
        }
    }

    @Test
    void aValueOtherThanTheOptionIsRefusedOnTheField() {
        String email = Reader.uniqueEmail("consent-forged");
        Map<String, String> form = Reader.validSignUp(email);
        form.put("personalizationConsent", "yes");
        Reader reader = Reader.docsSite();
        Browser.Page page = reader.submit(reader.openSignUp(), "#kc-register-form", form);
        String error = Reader.fieldError(page, "personalizationConsent");
        assertTrue(error != null && error.startsWith("Invalid value"), "error: " + error);
        assertTrue(AdminApi.userByEmail(email).isEmpty());
    }

    /** The claims' names, for a failure's message (never their values: an address, a token). */
    private static String names(JsonNode claims) {
        List<String> names = new java.util.ArrayList<>();
        claims.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static Map<String, String> withBackground(Map<String, String> form) {
        form.put("experienceLevel", "advanced");
        form.put("professionalRole", "other");
        form.put("roleOther", "Developer advocate");
        form.put("organization", "Analytical Engines Ltd");
        return form;
    }

    /** The access token, the ID token, userinfo (with the token's DPoP proof) and the API's introspection. */
    private static List<JsonNode> everyKindOfToken(Reader reader, JsonNode tokens) {
        String access = tokens.get("access_token").asText();
        Json.Response userinfo = Json.get(USERINFO, access, reader.dpop.proof("GET", USERINFO));
        assertEquals(200, userinfo.status(), userinfo.body());
        Json.Response introspection = Json.postForm(INTROSPECTION, "client_id=rag-api&client_secret="
                + Browser.encode(RAG_API_SECRET) + "&token=" + Browser.encode(access));
        assertEquals(200, introspection.status(), introspection.body());
        assertTrue(introspection.json().get("active").asBoolean(), introspection.body());
        return List.of(Json.claims(access), Json.claims(tokens.get("id_token").asText()), userinfo.json(), introspection.json());
    }
}

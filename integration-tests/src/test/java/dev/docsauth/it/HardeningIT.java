package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Findings of issue 22 (an outside security review) that the realm fixes, each checked on the running Keycloak.
 */
class HardeningIT {

    // Finding 6: docs-site tokens carry what the chatbot API needs, no more (RFC 9700 §2.3; ASVS 5.0 10.4.11, 10.3.1).

    @Test
    void aDocsSiteAccessTokenIsForTheChatbotApiAloneAndTheAccountApiRefusesIt() {
        Reader reader = Reader.docsSite();
        JsonNode tokens = reader.tokens(reader.signUp(Reader.validSignUp(Reader.uniqueEmail("audience"))));
        String access = tokens.get("access_token").asText();
        JsonNode claims = Json.claims(access);

        Json.Response account = Json.get(Stack.ISSUER + "/account/", access);
        assertTrue(account.status() == 401 || account.status() == 403,
                "the account API answered a docs-site token: " + account.status() + " " + account.body());

        assertEquals(List.of("rag-api"), audiences(claims), "aud of " + claims);
        assertEquals(Stack.DOCS_SITE, claims.path("azp").asText());
        assertTrue(claims.path("resource_access").path("account").isMissingNode(), "account roles in " + claims);
        assertEquals("intermediate", claims.path("experience_level").asText(), "the API still gets the background");
    }

    // Finding 7: no typed username in the log (ASVS 5.0 16.2.5: sensitive data logged by its protection level).

    @Test
    void aFailedSignInAndAResetForAnUnknownAddressLeaveItOutOfTheLog() throws IOException {
        String typed = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@typed.example";
        long failuresBefore = auditLines("signin_failed");

        Reader reader = Reader.docsSite();
        Browser.Page signIn = reader.signIn(typed, "a password typed in the wrong box");
        assertFalse(Reader.reachedCallback(signIn));
        String resetUrl = reader.openSignIn().document().selectFirst("a[href*=reset-credentials]").absUrl("href");
        Browser.Page reset = reader.submit(reader.browser.get(resetUrl), "#kc-reset-password-form", Map.of("username", typed));
        assertEquals(200, reset.status(), reset.body());

        // The failed sign-in reached the log (our listener's line, without the address) before we look for the address.
        assertEquals(failuresBefore + 1, auditLines("signin_failed"), "the failed sign-in left no audit line");
        String log = Files.readString(Stack.KEYCLOAK_LOG);
        assertFalse(log.contains(typed), "the typed address is in Keycloak's log: "
                + log.lines().filter(l -> l.contains(typed)).toList());
        assertFalse(log.contains("a password typed in the wrong box"), "the typed password is in Keycloak's log");
    }

    private static long auditLines(String event) throws IOException {
        String marker = "\"event\":\"" + event + "\"";
        return Files.readAllLines(Stack.KEYCLOAK_LOG).stream()
                .filter(l -> l.contains("[docs.audit]") && l.contains(marker)).count();
    }

    /** {@code aud} as a list: Keycloak writes a single audience as a string. */
    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            return List.of(aud.asText());
        }
        List<String> out = new ArrayList<>();
        aud.forEach(a -> out.add(a.asText()));
        return out;
    }
}

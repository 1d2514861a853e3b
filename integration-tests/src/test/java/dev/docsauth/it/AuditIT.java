package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The docs-audit listener: one JSON line per event in Keycloak's log, and the cohort meters on /metrics. */
class AuditIT {

    private static final Pattern AUDIT_JSON = Pattern.compile("\\[docs\\.audit\\].*?(\\{\"audit\":\"docs\".*\\})\\s*$");

    @Test
    void aSignUpIsLoggedOnceWithItsCohortAndCounted() throws Exception {
        double before = metric("docs_signups_total{experience_level=\"advanced\",professional_role=\"educator\"}");
        String email = Reader.uniqueEmail("audited");
        Map<String, String> form = Reader.validSignUp(email);
        form.put("experienceLevel", "advanced");
        form.put("professionalRole", "educator");
        form.put("password", "unmistakable-password-4711");
        form.put("password-confirm", "unmistakable-password-4711");

        assertTrue(Reader.reachedCallback(Reader.docsSite().signUp(form)));
        String userId = AdminApi.userByEmail(email).orElseThrow().get("id").asText();

        List<JsonNode> lines = auditLines(userId, "signup");
        assertEquals(1, lines.size(), "sign-up lines for " + userId + ": " + lines);
        JsonNode line = lines.get(0);
        assertEquals("advanced", line.get("experienceLevel").asText());
        assertEquals("educator", line.get("professionalRole").asText());
        assertEquals("docs-site", line.get("clientId").asText());
        assertEquals("docs", line.get("realm").asText());
        assertEquals(before + 1, metric("docs_signups_total{experience_level=\"advanced\",professional_role=\"educator\"}"));
        assertFalse(Files.readString(Stack.KEYCLOAK_LOG).contains("unmistakable-password-4711"), "a password reached the log");
    }

    @Test
    void aRefusedSignUpIsNeitherLoggedNorCounted() throws Exception {
        double signups = signupsTotal();
        long lines = auditLineCount("signup");
        Map<String, String> form = Reader.validSignUp(Reader.uniqueEmail("refused"));
        form.put("professionalRole", "other");

        assertFalse(Reader.reachedCallback(Reader.docsSite().signUp(form)));

        assertEquals(signups, signupsTotal());
        assertEquals(lines, auditLineCount("signup"));
    }

    @Test
    void signInsFailuresAndSignOutsAreLoggedAndCounted() throws Exception {
        String email = Reader.uniqueEmail("journey");
        String password = "a long enough password";
        String userId = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), password);
        double failures = metric("docs_signins_total{outcome=\"invalid_credentials\"}");
        double successes = metric("docs_signins_total{outcome=\"success\"}");

        assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, "not my password")));
        Reader reader = Reader.docsSite();
        JsonNode tokens = reader.tokens(reader.signIn(email, password));
        Browser.Page out = reader.browser.get(Stack.ISSUER + "/protocol/openid-connect/logout?client_id=docs-site&id_token_hint="
                + tokens.get("id_token").asText() + "&post_logout_redirect_uri=" + Browser.encode("http://localhost:3000/"));
        assertEquals("http://localhost:3000/", out.location(), out.body());

        assertEquals(failures + 1, metric("docs_signins_total{outcome=\"invalid_credentials\"}"));
        assertEquals(successes + 1, metric("docs_signins_total{outcome=\"success\"}"));
        assertEquals("invalid_credentials", auditLines(userId, "signin_failed").get(0).get("outcome").asText());
        assertEquals(1, auditLines(userId, "signin").size());
        assertEquals(1, auditLines(userId, "signout").size());

        com.fasterxml.jackson.databind.node.ObjectNode rep = (com.fasterxml.jackson.databind.node.ObjectNode) AdminApi.user(userId);
        rep.set("attributes", Json.MAPPER.valueToTree(ProfileRulesIT.background("advanced", "student", null)));
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());
        JsonNode update = auditLines(userId, "profile_update").get(0);
        assertEquals("admin", update.get("actor").asText());
        assertEquals("advanced", update.get("experienceLevel").asText());
    }

    static List<JsonNode> auditLines(String userId, String event) throws IOException {
        return allAuditLines().stream()
                .filter(l -> event.equals(l.path("event").asText()) && userId.equals(l.path("userId").asText()))
                .toList();
    }

    private static long auditLineCount(String event) throws IOException {
        return allAuditLines().stream().filter(l -> event.equals(l.path("event").asText())).count();
    }

    private static List<JsonNode> allAuditLines() throws IOException {
        return Files.readAllLines(Stack.KEYCLOAK_LOG).stream()
                .map(AUDIT_JSON::matcher)
                .filter(Matcher::find)
                .map(m -> {
                    try {
                        return Json.MAPPER.readTree(m.group(1));
                    } catch (IOException e) {
                        throw new IllegalStateException("an audit line is not JSON: " + m.group(1), e);
                    }
                })
                .toList();
    }

    private static double signupsTotal() {
        return metrics().lines().filter(l -> l.startsWith("docs_signups_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static double metric(String series) {
        return metrics().lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no series " + series + " on /metrics"));
    }

    private static String metrics() {
        Json.Response r = Json.text(Stack.MANAGEMENT_URL + "/metrics");
        assertEquals(200, r.status());
        return r.body();
    }
}

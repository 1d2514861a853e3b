package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * A sign-up that Keycloak cannot commit after its REGISTER event: the database refuses the commit (a deferred
     * trigger of this test on user_entity, for this test's e-mail alone, fires at COMMIT), so the listener has had the
     * event and the reader does not exist. The audit line and the count must go with the rollback. (A refusal by
     * validation, below, comes before any REGISTER event and so cannot tell; nor can two sign-ups of one e-mail at
     * once: the e-mail is the username here, and Keycloak writes the new user's row when it creates it, so the second
     * fails on the unique username, or at validation, before its REGISTER event.)
     */
    @Test
    void aSignUpRolledBackAfterItsRegisterEventIsNeitherLoggedNorCounted() throws Exception {
        String email = Reader.uniqueEmail("rolled-back");
        double signups = signupsTotal();
        long signupLines = auditLineCount("signup");
        long signinLines = auditLineCount("signin");

        try (RefusedCommit refused = new RefusedCommit(email)) {
            assertFalse(Reader.reachedCallback(Reader.docsSite().signUp(Reader.validSignUp(email))));
            assertEquals(1, refused.commitsRefused(), "the sign-up never reached its commit");
        }

        assertTrue(AdminApi.userByEmail(email).isEmpty(), "the rolled-back reader exists");
        assertEquals(signups, signupsTotal());
        assertEquals(signupLines, auditLineCount("signup"));
        assertEquals(signinLines, auditLineCount("signin"));
    }

    /** A deferred constraint trigger that fails the commit of any transaction that inserted one username. */
    private static final class RefusedCommit implements AutoCloseable {

        private final Connection db;

        RefusedCommit(String username) throws SQLException {
            db = DriverManager.getConnection(Stack.DB_URL, Stack.DB_USER, Stack.DB_PASSWORD);
            try (Statement st = db.createStatement()) {
                drop(st);  // what an interrupted run may have left
                // nextval is not transactional: the count survives the rollback it causes.
                st.execute("CREATE SEQUENCE docs_it_refused_commits");
                st.execute("CREATE FUNCTION docs_it_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " PERFORM nextval('docs_it_refused_commits');"
                        + " RAISE EXCEPTION 'AuditIT refuses this commit'; END $$");
                st.execute("CREATE CONSTRAINT TRIGGER docs_it_refuse_commit AFTER INSERT ON user_entity"
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.username = '"
                        + username.replace("'", "''") + "') EXECUTE FUNCTION docs_it_refuse_commit()");
            }
        }

        long commitsRefused() throws SQLException {
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
                         + " FROM docs_it_refused_commits")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private static void drop(Statement st) throws SQLException {
            st.execute("DROP TRIGGER IF EXISTS docs_it_refuse_commit ON user_entity");
            st.execute("DROP FUNCTION IF EXISTS docs_it_refuse_commit()");
            st.execute("DROP SEQUENCE IF EXISTS docs_it_refused_commits");
        }

        @Override
        public void close() throws SQLException {
            try (db; Statement st = db.createStatement()) {
                drop(st);
            }
        }
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
                + tokens.get("id_token").asText() + "&post_logout_redirect_uri=" + Browser.encode(Stack.DOCS_SITE_URL + "/"));
        assertEquals(Stack.DOCS_SITE_URL + "/", out.location(), out.body());

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

    @Test
    void aReadersOwnProfileUpdateIsLoggedAsTheUsers() throws Exception {
        String email = Reader.uniqueEmail("own-update");
        String userId = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);
        String token = ProfileRulesIT.accountToken(email);
        String account = Stack.ISSUER + "/account/";
        com.fasterxml.jackson.databind.node.ObjectNode me =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.get(account, token).json();

        me.set("attributes", Json.MAPPER.valueToTree(ProfileRulesIT.background("advanced", "educator", null)));
        Json.Response updated = Json.post(account, token, me);

        assertEquals(204, updated.status(), updated.body());
        List<JsonNode> lines = auditLines(userId, "profile_update");
        assertEquals(1, lines.size(), "profile update lines for " + userId + ": " + lines);
        assertEquals("user", lines.get(0).get("actor").asText());
        assertEquals("advanced", lines.get(0).get("experienceLevel").asText());
        assertEquals("educator", lines.get(0).get("professionalRole").asText());
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

package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 18's "delete my account": the docs site sends the reader to Keycloak's delete_account required action as an
 * application-initiated action ({@code kc_action=delete_account}, with {@code prompt=login}); Keycloak asks for the
 * password again, shows one confirmation page, and on confirmation removes
 * the user: no row of theirs is left in Keycloak's user tables, their tokens are refused, and the signals
 * transmitter tells the APIs (RISC account-purged).
 */
class AccountDeletionIT {

    private static final String PURGED = "https://schemas.openid.net/secevent/risc/event-type/account-purged";
    private static final SetReceiver RECEIVER = new SetReceiver();

    @BeforeAll
    static void listen() throws Exception {
        RECEIVER.start();
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    /** What the docs site adds to its authorization request for "Delete my account". */
    static final String DELETE_ACCOUNT = "&prompt=login&kc_action=delete_account";
    /** The sign-in page before a deletion (themes/docs/login/messages, docsSignInToDeleteAccount). */
    static final String SIGN_IN_TO_DELETE = "To delete your account, enter your password. Nothing is deleted until you confirm on the next page.";
    /** Keycloak's info message on a sign-in asked again (prompt=login). */
    static final String REAUTHENTICATE = "Please re-authenticate to continue";

    @Test
    void theReaderSignsInAgainConfirmsAndEveryRowOfTheirsIsGone() throws SQLException, InterruptedException {
        String email = Reader.uniqueEmail("delete-me");
        String userId = AdminApi.createUser(email, ProfileRulesIT.background("advanced", "other", "Lighthouse keeper"), ProfileRulesIT.PASSWORD);
        Reader reader = Reader.docsSite();
        JsonNode tokens = reader.tokens(reader.signIn(email, ProfileRulesIT.PASSWORD));
        assertTrue(rowsOf(userId).size() > 2 && rowsOf(userId).containsKey("event_entity"),
                "the reader's rows (and sign-in event) were not found before the deletion: " + rowsOf(userId));

        // Signed in a moment ago, the reader is still asked for the password before the confirmation page.
        Browser.Page reauth = reader.openSignIn(DELETE_ACCOUNT);
        assertNotNull(reauth.document().getElementById("kc-form-login"), "no sign-in form before the deletion");
        assertNull(reauth.document().getElementById("kc-deleteaccount-form"), "the deletion page came without signing in again");
        // ...and the page says what for, in place of Keycloak's "Please re-authenticate to continue".
        assertTrue(reauth.document().text().contains(SIGN_IN_TO_DELETE), reauth.document().text());
        assertFalse(reauth.document().text().contains(REAUTHENTICATE), reauth.document().text());

        Browser.Page confirm = reader.submit(reauth, "#kc-form-login", Map.of("username", email, "password", ProfileRulesIT.PASSWORD));
        assertEquals(200, confirm.status());
        assertNotNull(confirm.document().getElementById("kc-deleteaccount-form"), "no confirmation page after signing in again");
        assertTrue(AdminApi.userByEmail(email).isPresent(), "the account went before the reader confirmed");

        Browser.Page done = reader.submit(confirm, "#kc-deleteaccount-form", Map.of());
        assertEquals(200, done.status());
        assertTrue(AdminApi.userByEmail(email).isEmpty(), "the account is still there after the confirmation");
        assertEquals(Map.of(), rowsOnceErased(userId), "rows of the deleted reader in Keycloak's tables");

        assertEquals(401, DataExportIT.export(tokens.get("access_token").asText()).statusCode(), "the deleted reader's token still works");
        assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, ProfileRulesIT.PASSWORD)), "the deleted reader signed in");
        SetReceiver.Arrival set = RECEIVER.await(a -> a.sub().equals(userId) && a.type().equals(PURGED), Duration.ofSeconds(20),
                "account-purged for the deleted reader");
        assertEquals("iss_sub", set.claims().get("sub_id").get("format").asText());
        assertEquals(List.of(), RECEIVER.problems);
    }

    @Test
    void aSignInAskedAgainForAnythingElseKeepsKeycloaksWords() {
        String email = Reader.uniqueEmail("reauth-plain");
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);
        Reader reader = Reader.docsSite();
        reader.signIn(email, ProfileRulesIT.PASSWORD);
        Browser.Page reauth = reader.openSignIn("&prompt=login");
        assertNotNull(reauth.document().getElementById("kc-form-login"), "no sign-in form for prompt=login");
        assertTrue(reauth.document().text().contains(REAUTHENTICATE), reauth.document().text());
        assertFalse(reauth.document().text().contains(SIGN_IN_TO_DELETE), reauth.document().text());
    }

    @Test
    void anAdminsDeletionErasesTheReadersStoredEventsToo() throws SQLException, InterruptedException {
        String email = Reader.uniqueEmail("admin-deletes");
        String userId = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);
        Reader.docsSite().signIn(email, ProfileRulesIT.PASSWORD);
        assertTrue(rowsOf(userId).containsKey("event_entity"), "no stored sign-in event before the deletion: " + rowsOf(userId));
        AdminApi.deleteUser(userId);
        assertEquals(Map.of(), rowsOnceErased(userId), "rows of the reader an admin deleted in Keycloak's tables");
    }

    @Test
    void withoutPromptLoginTheActionAsksAgainOnceTheSecondOfTheSignInHasPassedAndAWrongPasswordDeletesNothing() throws InterruptedException {
        String email = Reader.uniqueEmail("delete-wrong");
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);
        Reader reader = Reader.docsSite();
        long authTime = Json.claims(reader.tokens(reader.signIn(email, ProfileRulesIT.PASSWORD)).get("access_token").asText())
                .get("auth_time").asLong();
        // kc_action alone: the action's maximum age of the sign-in is 0, which Keycloak compares in whole seconds
        // (auth_time + 0 < now); once the second of the sign-in has passed, it asks for the password again.
        while (System.currentTimeMillis() / 1000 <= authTime) {
            Thread.sleep(100);
        }
        Browser.Page reauth = reader.openSignIn("&kc_action=delete_account");
        assertNotNull(reauth.document().getElementById("kc-form-login"), "no sign-in form before the deletion");
        Browser.Page refused = reader.submit(reauth, "#kc-form-login", Map.of("username", email, "password", "not the password at all"));
        assertNull(refused.document().getElementById("kc-deleteaccount-form"), "a wrong password reached the deletion page");
        assertTrue(AdminApi.userByEmail(email).isPresent());
    }

    /**
     * Every row that names the user in Keycloak's user tables: each table of Keycloak's schema with a user_id
     * column (credential, user_attribute, user_role_mapping, federated_identity, offline_user_session, ...), and
     * user_entity itself, and the event store (event_entity: the reader's sign-ins with their IP address), which
     * the docs-audit listener erases once the deletion has committed; by table, the number of rows. Admin events
     * keep the fact of an admin's deletion with the user id alone (docs/privacy.md).
     */
    static Map<String, Integer> rowsOf(String userId) throws SQLException {
        Map<String, Integer> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(Stack.DB_URL, Stack.DB_USER, Stack.DB_PASSWORD)) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT table_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND column_name = 'user_id' AND table_name <> 'admin_event_entity'"
                    + " ORDER BY table_name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.containsAll(List.of("credential", "user_attribute", "event_entity")), "Keycloak's tables not found: " + tables);
            count(c, "SELECT count(*) FROM user_entity WHERE id = ?", userId, "user_entity", rows);
            for (String table : tables) {
                count(c, "SELECT count(*) FROM " + table + " WHERE user_id = ?", userId, table, rows);
            }
        }
        return rows;
    }

    /** {@link #rowsOf}, once the erasure after the deletion's commit has had up to 10 s (a wait, not a speed check). */
    static Map<String, Integer> rowsOnceErased(String userId) throws SQLException, InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Integer> rows = rowsOf(userId);
        while (!rows.isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            rows = rowsOf(userId);
        }
        return rows;
    }

    private static void count(Connection c, String sql, String userId, String table, Map<String, Integer> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    rows.put(table, rs.getInt(1));
                }
            }
        }
    }
}

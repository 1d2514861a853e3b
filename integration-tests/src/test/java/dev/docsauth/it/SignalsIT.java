package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 17's transmitter (event listener docs-signals) on the real stack: each change that must end a reader's
 * tokens reaches a receiver as a signed SET of the right type and subject; a receiver that is down or refuses gets
 * it again later, with the same jti; a change that rolled back sends nothing. The receiver is {@link SetReceiver},
 * Keycloak's receiver {@code it} (scripts/test.sh gives Keycloak its options).
 */
class SignalsIT {

    private static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    private static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SetReceiver RECEIVER = new SetReceiver();

    @BeforeAll
    static void listen() throws Exception {
        RECEIVER.start();
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @AfterEach
    void everySetPassedTheReceiversChecks() {
        assertEquals(List.of(), RECEIVER.problems);
    }

    private static String reader(String tag) {
        return AdminApi.createUser(Reader.uniqueEmail(tag), ProfileRulesIT.background("beginner", "student", null),
                ProfileRulesIT.PASSWORD);
    }

    private static SetReceiver.Arrival awaitFor(String userId, String type) {
        return RECEIVER.await(a -> a.sub().equals(userId) && a.type().equals(type), WAIT, type + " for the reader");
    }

    private static void adminLogout(String userId) {
        Json.Response r = Json.post(AdminApi.BASE + "/users/" + userId + "/logout", AdminApi.token(), Map.of());
        assertEquals(204, r.status(), r.body());
    }

    @Test
    void aSignOutOnTheSiteRevokesThatSession() {
        String userId = reader("site-signout");
        String email = AdminApi.user(userId).get("email").asText();
        Reader reader = Reader.docsSite();
        JsonNode tokens = reader.tokens(reader.signIn(email, ProfileRulesIT.PASSWORD));
        String sid = Json.claims(tokens.get("access_token").asText()).get("sid").asText();

        Browser.Page out = reader.browser.get(Stack.ISSUER + "/protocol/openid-connect/logout?client_id=docs-site&id_token_hint="
                + tokens.get("id_token").asText() + "&post_logout_redirect_uri=" + Browser.encode(Stack.DOCS_SITE_URL + "/"));
        assertEquals(Stack.DOCS_SITE_URL + "/", out.location(), out.body());

        SetReceiver.Arrival set = awaitFor(userId, CAEP + "session-revoked");
        assertEquals(sid, set.sessionId());
        assertEquals("complex", set.claims().get("sub_id").get("format").asText());
        assertEquals("iss_sub", set.claims().get("sub_id").get("user").get("format").asText());
        assertEquals(Stack.ISSUER, set.claims().get("sub_id").get("user").get("iss").asText());
        assertTrue(set.event().get("event_timestamp").isIntegralNumber());
    }

    @Test
    void signingOutEveryOtherSessionInTheAccountConsoleRevokesThem() {
        String userId = reader("account-signout");
        String email = AdminApi.user(userId).get("email").asText();
        Reader site = Reader.docsSite();
        String sid = Json.claims(site.tokens(site.signIn(email, ProfileRulesIT.PASSWORD)).get("access_token").asText()).get("sid").asText();
        String accountToken = ProfileRulesIT.accountToken(email);

        Json.Response r = Json.delete(Stack.ISSUER + "/account/sessions", accountToken);
        assertEquals(204, r.status(), r.body());

        assertEquals(sid, RECEIVER.await(a -> a.sub().equals(userId) && sid.equals(a.sessionId()), WAIT,
                "session-revoked for the site's session").sessionId());
    }

    @Test
    void anAdminEndingOneSessionRevokesThatSessionOnly() {
        String userId = reader("admin-one-session");
        String email = AdminApi.user(userId).get("email").asText();
        Reader site = Reader.docsSite();
        String sid = Json.claims(site.tokens(site.signIn(email, ProfileRulesIT.PASSWORD)).get("access_token").asText()).get("sid").asText();

        Json.Response r = Json.delete(AdminApi.BASE + "/sessions/" + sid, AdminApi.token());
        assertEquals(204, r.status(), r.body());

        SetReceiver.Arrival set = awaitFor(userId, CAEP + "session-revoked");
        assertEquals(sid, set.sessionId());
        assertEquals("complex", set.claims().get("sub_id").get("format").asText());
    }

    @Test
    void anAdminsSignOutRevokesEverySessionOfTheReader() {
        String userId = reader("admin-signout");
        adminLogout(userId);
        SetReceiver.Arrival set = awaitFor(userId, CAEP + "session-revoked");
        assertEquals("iss_sub", set.claims().get("sub_id").get("format").asText());
        assertEquals(null, set.sessionId());
    }

    @Test
    void disablingAndEnablingTheAccount() {
        String userId = reader("disabled");
        ObjectNode rep = (ObjectNode) AdminApi.user(userId);
        rep.put("enabled", false);
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());
        awaitFor(userId, RISC + "account-disabled");

        rep.put("enabled", true);
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());
        awaitFor(userId, RISC + "account-enabled");
    }

    @Test
    void deletionByAnAdminPurgesTheAccount() {
        String userId = reader("deleted");
        assertEquals(204, Json.delete(AdminApi.BASE + "/users/" + userId, AdminApi.token()).status());
        awaitFor(userId, RISC + "account-purged");
    }

    @Test
    void anAdminsPasswordResetAndCredentialRemovalAreCredentialChanges() {
        String userId = reader("admin-password");
        Json.Response reset = Json.put(AdminApi.BASE + "/users/" + userId + "/reset-password", AdminApi.token(),
                Map.of("type", "password", "value", "another long password", "temporary", false));
        SecretsSeen.seen("password", "another long password");
        assertEquals(204, reset.status(), reset.body());
        JsonNode update = awaitFor(userId, CAEP + "credential-change").event();
        assertEquals("password", update.get("credential_type").asText());
        assertEquals("update", update.get("change_type").asText());

        String credentialId = Json.get(AdminApi.BASE + "/users/" + userId + "/credentials", AdminApi.token()).json().get(0).get("id").asText();
        assertEquals(204, Json.delete(AdminApi.BASE + "/users/" + userId + "/credentials/" + credentialId, AdminApi.token()).status());
        JsonNode removal = RECEIVER.await(a -> a.sub().equals(userId) && a.type().equals(CAEP + "credential-change")
                && "delete".equals(a.event().get("change_type").asText()), WAIT, "credential-change delete").event();
        assertEquals("password", removal.get("credential_type").asText());
    }

    /** A passkey as Keycloak stores one (its public key is never checked here: no one signs in with it). */
    private static final Map<String, Object> PASSKEY = Map.of("type", "webauthn-passwordless", "userLabel", "Phone",
            "secretData", "{}", "credentialData", "{\"aaguid\":\"00000000-0000-0000-0000-000000000000\",\"credentialId\":\"AQIDBA\","
            + "\"credentialPublicKey\":\"pQECAyYgASFYIGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkIlggZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGQ\","
            + "\"counter\":0,\"attestationStatementFormat\":\"none\",\"transports\":[\"internal\"]}");
    /** An authenticator app (TOTP) as Keycloak stores one; a test-only seed. */
    private static final Map<String, Object> OTP = Map.of("type", "otp", "userLabel", "Phone app",
            "secretData", "{\"value\":\"test-only-totp-seed\"}",
            "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"period\":30,\"algorithm\":\"HmacSHA1\",\"counter\":0}");

    /** A reader with a password and {@code credential} (as the admin API takes it); their id. */
    private static String readerWith(String tag, Map<String, Object> credential) {
        String email = Reader.uniqueEmail(tag);
        SecretsSeen.seen("email", email);
        SecretsSeen.seen("password", ProfileRulesIT.PASSWORD);
        Json.Response created = Json.post(AdminApi.BASE + "/users", AdminApi.token(), Map.of("username", email, "email", email,
                "enabled", true, "emailVerified", true, "firstName", "Ada", "lastName", "Lovelace",
                "attributes", ProfileRulesIT.background("beginner", "student", null),
                "credentials", List.of(Map.of("type", "password", "value", ProfileRulesIT.PASSWORD, "temporary", false), credential)));
        assertEquals(201, created.status(), created.body());
        return AdminApi.userByEmail(email).orElseThrow().get("id").asText();
    }

    private static JsonNode awaitDeletion(String userId) {
        return RECEIVER.await(a -> a.sub().equals(userId) && a.type().equals(CAEP + "credential-change")
                && "delete".equals(a.event().get("change_type").asText()), WAIT, "credential-change delete").event();
    }

    @Test
    void anAdminRemovingAPasskeyIsACredentialChange() {
        String userId = readerWith("passkey-removal", PASSKEY);
        String passkeyId = null;
        for (JsonNode credential : Json.get(AdminApi.BASE + "/users/" + userId + "/credentials", AdminApi.token()).json()) {
            if (credential.get("type").asText().equals("webauthn-passwordless")) {
                passkeyId = credential.get("id").asText();
            }
        }
        assertTrue(passkeyId != null, "the reader has a passkey");
        assertEquals(204, Json.delete(AdminApi.BASE + "/users/" + userId + "/credentials/" + passkeyId, AdminApi.token()).status());

        assertEquals("fido2-platform", awaitDeletion(userId).get("credential_type").asText());
    }

    /**
     * The account console lists the credentials the realm's flows use: the authenticator app, not passkeys (the
     * realm's flows do not offer them), so a reader removes an app there.
     */
    @Test
    void aReaderRemovingAnAuthenticatorAppInTheAccountConsoleIsACredentialChange() {
        String userId = reader("otp-removal");
        // Signed in before the app is added, so the sign-in asks for no code; the admin API adds it to the reader.
        String token = ProfileRulesIT.accountToken(AdminApi.user(userId).get("email").asText());
        ObjectNode rep = (ObjectNode) AdminApi.user(userId);
        rep.set("credentials", Json.MAPPER.valueToTree(List.of(OTP)));
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());
        String otpId = null;
        for (JsonNode kind : Json.get(Stack.ISSUER + "/account/credentials", token).json()) {
            if (kind.get("type").asText().equals("otp") && kind.path("userCredentialMetadatas").size() == 1) {
                otpId = kind.get("userCredentialMetadatas").get(0).get("credential").get("id").asText();
            }
        }
        assertTrue(otpId != null, "the account console lists the reader's authenticator app");
        Json.Response removed = Json.delete(Stack.ISSUER + "/account/credentials/" + otpId, token);
        assertEquals(204, removed.status(), removed.body());

        assertEquals("app", awaitDeletion(userId).get("credential_type").asText());
    }

    @Test
    void aReadersPasswordResetByMailIsACredentialChange() {
        String userId = reader("reader-reset");
        String email = AdminApi.user(userId).get("email").asText();
        Reader reader = Reader.docsSite();
        reader.requestPasswordReset(email);
        String link = MailCatcher.link(MailCatcher.waitFor(email, 1).get(0), "/login-actions/action-token");
        Browser.Page form = reader.browser.follow(reader.browser.get(link), Stack.DOCS_SITE_CALLBACK);
        SecretsSeen.seen("password", "a brand new password");
        assertTrue(Reader.reachedCallback(reader.choosePassword(form, "a brand new password")));

        JsonNode change = awaitFor(userId, CAEP + "credential-change").event();
        assertEquals("password", change.get("credential_type").asText());
    }

    @Test
    void aReadersOwnBackgroundChangeIsATokenClaimsChange() {
        String userId = reader("own-background");
        String token = ProfileRulesIT.accountToken(AdminApi.user(userId).get("email").asText());
        ObjectNode me = (ObjectNode) Json.get(Stack.ISSUER + "/account/", token).json();
        me.set("attributes", Json.MAPPER.valueToTree(ProfileRulesIT.background("advanced", "student", null)));
        Json.Response updated = Json.post(Stack.ISSUER + "/account/", token, me);
        assertEquals(204, updated.status(), updated.body());

        JsonNode claims = awaitFor(userId, CAEP + "token-claims-change").event().get("claims");
        assertEquals(Map.of("experienceLevel", "advanced"), Json.MAPPER.convertValue(claims, Map.class),
                "the changed claim alone, with its new value");
    }

    @Test
    void aConsentGivenOrWithdrawnInTheAccountConsoleIsATokenClaimsChange() {
        AccountApiConsentIT.SiteReader reader = AccountApiConsentIT.SiteReader.create("consent-signal");
        assertEquals(204, AccountApiConsentIT.setConsent(reader.token(), true).status());
        JsonNode given = awaitFor(reader.id(), CAEP + "token-claims-change").event().get("claims");
        assertEquals(Map.of("personalizationConsent", "true"), Json.MAPPER.convertValue(given, Map.class));

        assertEquals(204, AccountApiConsentIT.setConsent(reader.token(), false).status());
        RECEIVER.await(a -> a.sub().equals(reader.id()) && a.type().equals(CAEP + "token-claims-change")
                && a.event().get("claims").has("personalizationConsent") && a.event().get("claims").get("personalizationConsent").isNull(),
                WAIT, "the withdrawal's token-claims-change");
    }

    @Test
    void anAdminsBackgroundChangeIsATokenClaimsChange() {
        String userId = reader("admin-background");
        ObjectNode rep = (ObjectNode) AdminApi.user(userId);
        rep.set("attributes", Json.MAPPER.valueToTree(ProfileRulesIT.background("beginner", "other", "Technical writer")));
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());

        JsonNode claims = awaitFor(userId, CAEP + "token-claims-change").event().get("claims");
        assertEquals(Map.of("professionalRole", "other", "roleOther", "Technical writer"), Json.MAPPER.convertValue(claims, Map.class));
    }

    @Test
    void anUpdateThatChangesNoBackgroundSendsNoClaimsChange() throws Exception {
        String userId = reader("same-background");
        ObjectNode rep = (ObjectNode) AdminApi.user(userId);
        rep.put("firstName", "Augusta");
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());
        adminLogout(userId); // a later signal of the same reader: once it is here, an earlier one would be too
        awaitFor(userId, CAEP + "session-revoked");
        assertEquals(List.of(CAEP + "session-revoked"), RECEIVER.of(userId).stream().map(SetReceiver.Arrival::type).toList());
    }

    @Test
    void aSignUpThatRolledBackSendsNothing() throws Exception {
        Thread.sleep(1100); // iat has whole seconds: what the tests before sent is older than the window
        long from = System.currentTimeMillis() / 1000;
        Map<String, String> form = Reader.validSignUp(Reader.uniqueEmail("refused-signals"));
        form.put("professionalRole", "other"); // and no roleOther: refused by required-when
        assertFalse(Reader.reachedCallback(Reader.docsSite().signUp(form)));
        String control = reader("control");
        adminLogout(control); // a signal sent after the refusal: once it is here, one of the refusal would be too
        awaitFor(control, CAEP + "session-revoked");

        List<String> sent = RECEIVER.arrived.stream().filter(a -> a.claims().get("iat").asLong() >= from)
                .filter(a -> !a.sub().equals(control)).map(a -> a.type() + " " + a.sub()).toList();
        assertEquals(List.of(), sent);
    }

    @Test
    void twoChangesAreTwoSetsWithTheirOwnJti() {
        String userId = reader("two-jti");
        adminLogout(userId);
        adminLogout(userId);
        RECEIVER.await(a -> RECEIVER.of(userId).size() >= 2, WAIT, "twice for the reader");
        List<SetReceiver.Arrival> sets = RECEIVER.of(userId);
        assertNotEquals(sets.get(0).jti(), sets.get(1).jti());
        assertNotEquals(sets.get(0).claims().get("txn"), sets.get(1).claims().get("txn"), "each names its own Keycloak event");
    }

    @Test
    void aRefusedPushIsRetriedWithTheSameJti() throws Exception {
        String userId = reader("refused-push");
        RECEIVER.refuseNext(1, userId);
        adminLogout(userId);
        SetReceiver.Arrival set = awaitFor(userId, CAEP + "session-revoked");
        assertEquals(List.of(set.jti()), RECEIVER.refused, "the push answered 503 came again, the same SET");
    }

    @Test
    void aReceiverThatWasDownGetsTheSetWhenItIsBack() throws Exception {
        String userId = reader("receiver-down");
        RECEIVER.stop();
        String jti;
        try {
            adminLogout(userId);
            jti = awaitAttempts(userId, 2);
        } finally {
            RECEIVER.start();
        }
        assertEquals(jti, awaitFor(userId, CAEP + "session-revoked").jti(), "the row's jti, kept across attempts");
        assertTrue(RECEIVER.of(userId).size() == 1, "delivered once");
    }

    /** The jti of the reader's outbox row for {@code it} once Keycloak has tried it {@code attempts} times. */
    private static String awaitAttempts(String userId, int attempts) throws SQLException, InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        try (Connection db = DriverManager.getConnection(Stack.DB_URL, Stack.DB_USER, Stack.DB_PASSWORD);
             PreparedStatement q = db.prepareStatement("SELECT ID, ATTEMPTS, LAST_ERROR FROM DOCS_SIGNAL_OUTBOX"
                     + " WHERE RECEIVER = 'it' AND CLAIMS LIKE ?")) {
            q.setString(1, "%\"sub\":\"" + userId + "\"%");
            while (System.nanoTime() < end) {
                try (ResultSet rows = q.executeQuery()) {
                    if (rows.next() && rows.getInt("ATTEMPTS") >= attempts) {
                        assertEquals("ConnectException", rows.getString("LAST_ERROR"));
                        return rows.getString("ID");
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the outbox row was not tried " + attempts + " times");
    }

    /**
     * From the admin's sign-out answered (the change committed before the answer) to the SET's arrival, 20 times:
     * printed, not asserted (speed is measured in bench/, never asserted).
     */
    @Test
    void theDelayFromCommitToArrivalIsPrinted() {
        String userId = reader("delay");
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int before = RECEIVER.of(userId).size();
            adminLogout(userId);
            long committed = System.currentTimeMillis();
            RECEIVER.await(a -> RECEIVER.of(userId).size() > before, WAIT, "run " + i);
            delays.add(Math.max(0, RECEIVER.of(userId).get(before).arrivedAtMillis() - committed));
        }
        Collections.sort(delays);
        System.out.printf("[signals] commit to arrival over %d admin sign-outs: p50 %d ms, p95 %d ms, max %d ms%n",
                delays.size(), delays.get(delays.size() / 2), delays.get((int) Math.ceil(delays.size() * 0.95) - 1),
                delays.get(delays.size() - 1));
        assertEquals(20, delays.size());
    }
}

package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 18's "download my data", Keycloak's part, on the real stack: {@code GET /realms/docs/data-export/me} with
 * the reader's own Account-page token (docs-site, scope {@code docs-account}; the site's tokens for the chatbot API
 * are refused), and {@code GET /admin/realms/docs/data-export/users/{id}} for admins; every
 * export is checked against docs/data-export.schema.json. No assertion message carries an export's body: it holds
 * a reader's address.
 */
class DataExportIT {

    static final String ME = Stack.ISSUER + "/data-export/me";
    /** The audience the export asks of a token; the Account page's scope docs-account adds it (docs/contracts.md). */
    static final String EXPORT_AUDIENCE = "docs-data-export";
    private static final String ELSEWHERE = "https://elsewhere.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * A reader signed in on the docs site: their id, address, the Account page's tokens ({@code tokens}, scope
     * docs-account: those the export takes) and the site's own ({@code siteTokens}, for the chatbot API alone).
     */
    record SignedIn(String id, String email, JsonNode tokens, JsonNode siteTokens) {
        String accessToken() {
            return tokens.get("access_token").asText();
        }

        String siteAccessToken() {
            return siteTokens.get("access_token").asText();
        }

        String sid() {
            return Json.claims(accessToken()).get("sid").asText();
        }
    }

    private static SignedIn ada;
    private static SignedIn bob;

    @BeforeAll
    static void twoReaders() {
        ada = signedIn("export-ada", ProfileRulesIT.background("advanced", "other", "Lighthouse keeper"));
        bob = signedIn("export-bob", ProfileRulesIT.background("beginner", "student", null));
    }

    static SignedIn signedIn(String tag, Map<String, List<String>> background) {
        String email = Reader.uniqueEmail(tag);
        String id = AdminApi.createUser(email, background, ProfileRulesIT.PASSWORD);
        Reader reader = Reader.docsSite();
        JsonNode site = reader.tokens(reader.signIn(email, ProfileRulesIT.PASSWORD));
        Reader accountPage = reader.accountPage();
        return new SignedIn(id, email, accountPage.tokens(accountPage.silentSignIn()), site);
    }

    static HttpResponse<String> send(String method, String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> export(String token) {
        return send("GET", ME, "Authorization", "Bearer " + token, "Accept", "application/json");
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("the export is not JSON", e);
        }
    }

    /** The reader's export, checked: 200, not cached, conforming to the published schema. */
    static JsonNode exportOf(String token) {
        HttpResponse<String> r = export(token);
        assertEquals(200, r.statusCode(), "the export answered " + r.statusCode());
        assertEquals(Optional.of("no-store"), r.headers().firstValue("Cache-Control"));
        JsonNode body = json(r);
        assertEquals(List.of(), ExportSchema.problemsOfKeycloakPart(body));
        return body;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    @Test
    void theReadersExportHoldsTheirBackgroundSessionsCredentialsAndEvents() {
        JsonNode export = exportOf(ada.accessToken());
        assertEquals("docs-keycloak-export/1", export.get("format").asText());
        assertTrue(java.time.Instant.parse(export.get("exported_at").asText()).isAfter(java.time.Instant.now().minusSeconds(60)));
        assertEquals(ada.id(), export.at("/subject/sub").asText());
        assertEquals("docs", export.at("/subject/realm").asText());
        assertEquals(ada.email(), export.at("/profile/email").asText(), "the profile's address is not the reader's");
        assertEquals("Ada", export.at("/profile/first_name").asText());

        JsonNode background = export.get("background");
        assertEquals("advanced", background.get("experienceLevel").asText());
        assertEquals("other", background.get("professionalRole").asText());
        assertEquals("Lighthouse keeper", background.get("roleOther").asText());
        assertTrue(background.has("organization") && background.get("organization").isNull());
        assertFalse(export.at("/profile/attributes").has("experienceLevel"), "the background is in the profile's attributes too");

        JsonNode password = list(export.get("credentials")).stream().filter(c -> "password".equals(c.get("type").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no password credential in the export"));
        assertNotNull(java.time.Instant.parse(password.get("created_at").asText()));

        JsonNode session = list(export.get("sessions")).stream().filter(s -> ada.sid().equals(s.get("id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the reader's session is not in the export"));
        assertTrue(list(session.get("clients")).stream().anyMatch(c -> Stack.DOCS_SITE.equals(c.asText())));
        assertFalse(session.get("ip_address").asText().isEmpty());
        assertNotNull(java.time.Instant.parse(session.get("started_at").asText()));

        assertTrue(list(export.get("events")).stream().anyMatch(e -> "LOGIN".equals(e.get("type").asText())
                && ada.sid().equals(e.get("session_id").asText()) && Stack.DOCS_SITE.equals(e.get("client_id").asText())),
                "the reader's sign-in is not among the events");
        assertTrue(list(export.at("/roles/realm")).stream().anyMatch(r -> "default-roles-docs".equals(r.asText())));
        assertEquals(0, export.get("consent_history").size(), "a consent history for a reader who never chose");
    }

    @Test
    void theConsentHistoryHoldsEachConsentGivenAndWithdrawn() {
        SignedIn erin = signedIn("export-erin", ProfileRulesIT.background("beginner", "student", null));
        setConsent(erin.id(), List.of("true"));
        setConsent(erin.id(), List.of());
        JsonNode history = exportOf(erin.accessToken()).get("consent_history");
        assertEquals(2, history.size(), "consent records: " + history.size());
        assertTrue(history.get(0).get("given").asBoolean());
        assertFalse(history.get(1).get("given").asBoolean());
        for (JsonNode record : history) {
            assertEquals("admin", record.get("method").asText());
            assertFalse(record.get("wording").asText().isBlank());
        }
        assertTrue(java.time.Instant.parse(history.get(0).get("time").asText())
                .compareTo(java.time.Instant.parse(history.get(1).get("time").asText())) <= 0, "not oldest first");
    }

    private static void setConsent(String userId, List<String> values) {
        ObjectNode rep = (ObjectNode) AdminApi.user(userId);
        ((ObjectNode) rep.get("attributes")).set("personalizationConsent", Json.MAPPER.valueToTree(values));
        assertEquals(204, Json.put(AdminApi.BASE + "/users/" + userId, AdminApi.token(), rep).status());
    }

    @Test
    void theExportHoldsNoSecretNoTokenAndNothingOfAnotherReader() throws SQLException {
        String body = export(ada.accessToken()).body();
        String hash = passwordHash(ada.id());
        assertTrue(hash.length() > 20, "no password hash found in the database for the reader");
        assertFalse(body.contains(hash), "the password hash is in the export");
        assertFalse(body.contains(ProfileRulesIT.PASSWORD), "the password is in the export");
        for (String field : List.of("secret_data", "credential_data", "salt", "hashIterations", "access_token", "refresh_token",
                "id_token", "code_id", "token_id")) {
            assertFalse(body.contains("\"" + field + "\""), "the export has a field " + field);
        }
        for (JsonNode tokens : List.of(ada.tokens(), ada.siteTokens())) {
            for (String token : List.of("access_token", "refresh_token", "id_token")) {
                String value = tokens.get(token).asText();
                assertFalse(body.contains(value), "the reader's " + token + " is in the export");
                assertFalse(body.contains(value.split("\\.")[2]), "the signature of the reader's " + token + " is in the export");
            }
        }
        assertFalse(body.contains(bob.id()), "another reader's id is in the export");
        assertFalse(body.contains(bob.email()), "another reader's address is in the export");
    }

    /** The stored hash of the user's password (Keycloak's credential row, its secret_data's value). */
    private static String passwordHash(String userId) throws SQLException {
        try (Connection c = DriverManager.getConnection(Stack.DB_URL, Stack.DB_USER, Stack.DB_PASSWORD);
             PreparedStatement s = c.prepareStatement("SELECT secret_data FROM credential WHERE user_id = ? AND type = 'password'")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "no password row");
                return Json.MAPPER.readTree(rs.getString(1)).get("value").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anotherReadersTokenGetsOnlyTheirOwnData() {
        JsonNode export = exportOf(bob.accessToken());
        assertEquals(bob.id(), export.at("/subject/sub").asText());
        assertEquals("beginner", export.at("/background/experienceLevel").asText());
        String body = export.toString();
        assertFalse(body.contains(ada.id()), "the first reader's id is in another reader's export");
        assertFalse(body.contains(ada.email()), "the first reader's address is in another reader's export");
        assertFalse(body.contains("Lighthouse keeper"), "the first reader's background is in another reader's export");
    }

    @Test
    void noTokenAMalformedOneOrAForgedOneIs401() {
        assertUnauthorized(send("GET", ME, "Accept", "application/json"), "no token");
        assertUnauthorized(export("not-a-token"), "a string that is no JWT");
        assertUnauthorized(send("GET", ME, "Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes())), "Basic credentials");

        // Ada's token with Bob's sub, Ada's signature kept: Keycloak's check of the signature refuses it.
        String[] parts = ada.accessToken().split("\\.");
        ObjectNode claims = (ObjectNode) Json.claims(ada.accessToken());
        claims.put("sub", bob.id());
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertUnauthorized(export(forged), "a token whose sub was changed");
    }

    /**
     * Security finding 6: the docs site's tokens for the chatbot API (audience rag-api alone) reach that API, so they
     * must not export the reader's data; neither may the account console's (audience account). Both are valid
     * tokens of the reader, refused for what they are for: 403, insufficient_scope, naming the scope to ask for.
     */
    @Test
    void aTokenWithoutTheExportsAudienceIs403NamingTheScopeToAskFor() {
        assertEquals(List.of("rag-api"), Json.audiences(Json.claims(ada.siteAccessToken())), "the site's token is not for the chatbot API alone");
        assertTrue(Json.audiences(Json.claims(ada.accessToken())).contains(EXPORT_AUDIENCE), "the Account page's token lacks the export's audience");
        Reader console = Reader.accountConsole();
        String consoleToken = console.tokens(console.signIn(ada.email(), ProfileRulesIT.PASSWORD)).get("access_token").asText();
        for (String token : List.of(ada.siteAccessToken(), consoleToken)) {
            HttpResponse<String> r = export(token);
            assertEquals(403, r.statusCode(), "a token for " + Json.audiences(Json.claims(token)) + " exported the reader's data");
            assertEquals("insufficient_scope", json(r).get("error").asText());
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(challenge.startsWith("Bearer ") && challenge.contains("error=\"insufficient_scope\"")
                    && challenge.contains("scope=\"docs-account\""), challenge);
            assertFalse(r.body().contains("@"), "the refusal carries an address");
        }
        HttpResponse<String> fromTheSite = send("GET", ME, "Origin", Stack.DOCS_SITE_URL, "Authorization", "Bearer " + ada.siteAccessToken());
        assertEquals(403, fromTheSite.statusCode());
        assertEquals(Optional.of(Stack.DOCS_SITE_URL), fromTheSite.headers().firstValue("Access-Control-Allow-Origin"),
                "the docs site cannot read why it was refused");
        assertEquals(200, export(ada.accessToken()).statusCode(), "the Account page's token");
    }

    @Test
    void aTokenOfASessionThatEndedOrThatExpiredIs401() throws InterruptedException {
        SignedIn carol = signedIn("export-carol", ProfileRulesIT.background("beginner", "student", null));
        exportOf(carol.accessToken());
        assertEquals(204, Json.post(AdminApi.BASE + "/users/" + carol.id() + "/logout", AdminApi.token(), Map.of()).status());
        assertUnauthorized(export(carol.accessToken()), "a token of a session that ended");

        // A client of its own whose access tokens live one second.
        String clientId = "export-expiry-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> client = Map.of("clientId", clientId, "publicClient", true, "standardFlowEnabled", true,
                "redirectUris", List.of(Stack.DOCS_SITE_CALLBACK),
                "optionalClientScopes", List.of(Reader.ACCOUNT_PAGE_SCOPE),
                "attributes", Map.of("access.token.lifespan", "1", "pkce.code.challenge.method", "S256"));
        assertEquals(201, Json.post(AdminApi.BASE + "/clients", AdminApi.token(), client).status());
        try {
            Reader reader = new Reader(clientId, Stack.DOCS_SITE_CALLBACK, DPoP.create());
            String email = Reader.uniqueEmail("export-expiry");
            AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), ProfileRulesIT.PASSWORD);
            reader.tokens(reader.signIn(email, ProfileRulesIT.PASSWORD));
            Reader accountPage = reader.accountPage();
            String token = accountPage.tokens(accountPage.silentSignIn()).get("access_token").asText();
            assertTrue(Json.audiences(Json.claims(token)).contains(EXPORT_AUDIENCE), "the token was not for the export before it expired");
            long exp = Json.claims(token).get("exp").asLong();
            while (System.currentTimeMillis() / 1000 <= exp + 1) {
                Thread.sleep(250);
            }
            assertUnauthorized(export(token), "an expired token");
        } finally {
            JsonNode found = Json.get(AdminApi.BASE + "/clients?clientId=" + clientId, AdminApi.token()).json();
            Json.delete(AdminApi.BASE + "/clients/" + found.get(0).get("id").asText(), AdminApi.token());
        }
    }

    private static void assertUnauthorized(HttpResponse<String> r, String what) {
        assertEquals(401, r.statusCode(), what + ": " + r.statusCode());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer ") && challenge.contains("error=\"invalid_token\""), what + ": " + challenge);
        assertFalse(r.body().contains("@"), what + ": the refusal carries an address");
    }

    @Test
    void anAdminWithViewUsersAndViewEventsGetsTheSameFileAndOneWithoutEitherGets403() {
        String url = AdminApi.BASE + "/data-export/users/" + ada.id();
        Json.Response full = Json.get(url, AdminApi.token());
        assertEquals(200, full.status(), "the development admin's export answered " + full.status());
        JsonNode adminExport = full.json();
        assertEquals(List.of(), ExportSchema.problemsOfKeycloakPart(adminExport));
        assertEquals(ada.id(), adminExport.at("/subject/sub").asText());
        JsonNode own = exportOf(ada.accessToken());
        assertEquals(fieldNames(own), fieldNames(adminExport));
        assertEquals(own.get("background"), adminExport.get("background"));
        assertEquals(own.get("credentials"), adminExport.get("credentials"));

        assertEquals(404, Json.get(AdminApi.BASE + "/data-export/users/" + UUID.randomUUID(), AdminApi.token()).status());

        MasterAdmin viewUsers = MasterAdmin.create("view-users");
        MasterAdmin viewEvents = MasterAdmin.create("view-events");
        MasterAdmin both = MasterAdmin.create("view-users", "view-events");
        try {
            assertEquals(403, Json.get(url, viewUsers.token()).status(), "view-users alone");
            assertEquals(403, Json.get(url, viewEvents.token()).status(), "view-events alone");
            Json.Response allowed = Json.get(url, both.token());
            assertEquals(200, allowed.status(), "view-users and view-events");
            assertEquals(ada.id(), allowed.json().at("/subject/sub").asText());
            assertEquals(401, Json.get(url, null).status(), "no token");
            int readerToken = Json.get(url, ada.accessToken()).status();
            assertTrue(readerToken == 401 || readerToken == 403, "a reader's token: " + readerToken);
        } finally {
            viewUsers.delete();
            viewEvents.delete();
            both.delete();
        }
    }

    @Test
    void anAdminAskingTooOftenGets429WithRetryAfterAndAnotherAdminDoesNot() {
        String url = AdminApi.BASE + "/data-export/users/" + ada.id();
        MasterAdmin busy = MasterAdmin.create("view-users", "view-events");
        MasterAdmin other = MasterAdmin.create("view-users", "view-events");
        try {
            String token = busy.token();
            int allowed = 0;
            HttpResponse<String> r = send("GET", url, "Authorization", "Bearer " + token);
            while (r.statusCode() == 200 && allowed < 100) {
                allowed++;
                r = send("GET", url, "Authorization", "Bearer " + token);
            }
            assertEquals(429, r.statusCode(), "after " + allowed + " exports");
            assertEquals(30, allowed, "the default limit is 30 exports at once per admin");
            long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retryAfter >= 1 && retryAfter <= 120, "Retry-After " + retryAfter);
            assertEquals("too_many_requests", json(r).get("error").asText());
            assertEquals(200, Json.get(url, other.token()).status(), "another admin is not held back by this one");
        } finally {
            busy.delete();
            other.delete();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /** A user of the master realm holding some of master's client roles for realm docs (client docs-realm). */
    record MasterAdmin(String id, String username) {
        static final String MASTER = Stack.KEYCLOAK_URL + "/admin/realms/master";
        static final String PASSWORD = "an export admin's development password";

        static MasterAdmin create(String... roles) {
            String username = "export-admin-" + UUID.randomUUID().toString().substring(0, 8);
            SecretsSeen.seen("password", PASSWORD);
            Map<String, Object> rep = new HashMap<>(Map.of("username", username, "enabled", true,
                    "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
            assertEquals(201, Json.post(MASTER + "/users", AdminApi.token(), rep).status());
            String id = Json.get(MASTER + "/users?exact=true&username=" + username, AdminApi.token()).json().get(0).get("id").asText();
            String client = Json.get(MASTER + "/clients?clientId=docs-realm", AdminApi.token()).json().get(0).get("id").asText();
            List<JsonNode> mapped = new ArrayList<>();
            for (String role : roles) {
                mapped.add(Json.get(MASTER + "/clients/" + client + "/roles/" + role, AdminApi.token()).json());
            }
            assertEquals(204, Json.post(MASTER + "/users/" + id + "/role-mappings/clients/" + client, AdminApi.token(), mapped).status());
            return new MasterAdmin(id, username);
        }

        String token() {
            Json.Response r = Json.postForm(Stack.KEYCLOAK_URL + "/realms/master/protocol/openid-connect/token",
                    "grant_type=password&client_id=admin-cli&username=" + username + "&password=" + Browser.encode(PASSWORD));
            assertEquals(200, r.status(), "the master admin's sign-in answered " + r.status());
            return r.json().get("access_token").asText();
        }

        void delete() {
            Json.delete(MASTER + "/users/" + id, AdminApi.token());
        }
    }

    @Test
    void aReaderAskingTooOftenGets429WithRetryAfter() {
        SignedIn dave = signedIn("export-dave", ProfileRulesIT.background("beginner", "student", null));
        int allowed = 0;
        HttpResponse<String> r = export(dave.accessToken());
        while (r.statusCode() == 200 && allowed < 100) {
            allowed++;
            r = export(dave.accessToken());
        }
        assertEquals(429, r.statusCode(), "after " + allowed + " exports");
        assertEquals(10, allowed, "the default limit is 10 exports at once");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 360, "Retry-After " + retryAfter);
        assertEquals("too_many_requests", json(r).get("error").asText());
        // Another reader is not held back by this one.
        assertEquals(200, export(bob.accessToken()).statusCode());
    }

    @Test
    void theDocsSiteMayCallItFromTheBrowserAndAnotherOriginMayNot() {
        HttpResponse<String> preflight = send("OPTIONS", ME, "Origin", Stack.DOCS_SITE_URL,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(200, preflight.statusCode());
        assertEquals(Optional.of(Stack.DOCS_SITE_URL), preflight.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("authorization"));

        HttpResponse<String> foreignPreflight = send("OPTIONS", ME, "Origin", ELSEWHERE,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization");
        assertEquals(Optional.empty(), foreignPreflight.headers().firstValue("Access-Control-Allow-Origin"));

        HttpResponse<String> get = send("GET", ME, "Origin", Stack.DOCS_SITE_URL, "Authorization", "Bearer " + bob.accessToken());
        assertEquals(200, get.statusCode());
        assertEquals(Optional.of(Stack.DOCS_SITE_URL), get.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(get.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Retry-After"));

        HttpResponse<String> foreign = send("GET", ME, "Origin", ELSEWHERE, "Authorization", "Bearer " + bob.accessToken());
        assertEquals(403, foreign.statusCode());
        assertEquals(Optional.empty(), foreign.headers().firstValue("Access-Control-Allow-Origin"));
        assertFalse(foreign.body().contains(bob.email()), "the export went to another origin");

        HttpResponse<String> unauthorized = send("GET", ME, "Origin", Stack.DOCS_SITE_URL);
        assertEquals(401, unauthorized.statusCode());
        assertEquals(Optional.of(Stack.DOCS_SITE_URL), unauthorized.headers().firstValue("Access-Control-Allow-Origin"),
                "the docs site cannot read why it was refused");
    }
}

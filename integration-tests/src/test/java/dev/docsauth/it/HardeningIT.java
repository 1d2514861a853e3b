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

    private static final long THIRTY_DAYS = 30L * 24 * 3600;

    // Finding 1: refresh tokens of the docs site (RFC 9700 §4.14.2: a public client's refresh tokens are
    // sender-constrained or rotated; RFC 9449 §5 DPoP-bound refresh tokens; ASVS 5.0 10.4.5 replay of refresh tokens).

    /**
     * The finding's attack: a refresh token copied out of the browser (with the key: a script on the page), used
     * after the site has refreshed with it. Keycloak refuses the used token, and its reuse detection ends the
     * docs site's part of the reader's session (RFC 9700 §4.14.2): the current refresh token dies with it, in
     * every tab, whoever used it first.
     */
    @Test
    void aReplayedRefreshTokenIsRefusedAndEndsTheDocsSitesTokensInEveryTab() {
        Reader reader = Reader.docsSite();
        JsonNode first = reader.tokens(reader.signUp(Reader.validSignUp(Reader.uniqueEmail("rotation"))));
        Reader otherTab = reader.anotherTab();
        String otherTabRefresh = otherTab.tokens(otherTab.silentSignIn()).get("refresh_token").asText();
        String old = first.get("refresh_token").asText();

        Json.Response refreshed = reader.refresh(old, reader.dpop);
        assertEquals(200, refreshed.status(), "the first refresh");
        String current = refreshed.json().get("refresh_token").asText();
        assertFalse(old.equals(current), "the refresh token was not rotated");

        Json.Response replay = reader.refresh(old, reader.dpop);
        assertEquals(400, replay.status(), "a used refresh token was accepted again");
        assertEquals("invalid_grant", replay.json().path("error").asText());
        assertFalse(replay.body().contains("access_token"), "the replay got tokens");
        assertEquals(400, reader.refresh(current, reader.dpop).status(), "the current refresh token outlived the replay");
        assertEquals(400, otherTab.refresh(otherTabRefresh, otherTab.dpop).status(), "the other tab's refresh token outlived the replay");

        String userId = Json.claims(first.get("access_token").asText()).path("sub").asText();
        JsonNode sessions = get(AdminApi.BASE + "/users/" + userId + "/sessions", AdminApi.token());
        sessions.forEach(session -> assertTrue(session.path("clients").path(docsSiteId()).isMissingNode(),
                "the docs site is still in the reader's session: " + session.path("clients")));
    }

    private static String docsSiteId() {
        return get(AdminApi.BASE + "/clients?clientId=" + Stack.DOCS_SITE, AdminApi.token()).get(0).get("id").asText();
    }

    /** The other half: a refresh token is bound to the browser's DPoP key, so a copy is useless elsewhere. */
    @Test
    void aRefreshTokenIsBoundToTheBrowsersKeyAndRefusedWithoutItsProof() {
        Reader reader = Reader.docsSite();
        JsonNode tokens = reader.tokens(reader.signUp(Reader.validSignUp(Reader.uniqueEmail("dpop-bound"))));
        String refresh = tokens.get("refresh_token").asText();
        assertEquals(reader.dpop.thumbprint(), Json.claims(refresh).path("cnf").path("jkt").asText(),
                "the refresh token is not bound to the browser's key");
        // Keycloak's refresh-token-only binding: the access token stays a bearer token for the chatbot API.
        assertTrue(Json.claims(tokens.get("access_token").asText()).path("cnf").isMissingNode(), "the access token is bound");

        for (DPoP thief : java.util.Arrays.asList(null, DPoP.create())) {
            Json.Response stolen = reader.refresh(refresh, thief);
            assertEquals(400, stolen.status(), (thief == null ? "no proof" : "another key's proof") + " was accepted");
            assertFalse(stolen.body().contains("access_token"), "a copied refresh token got tokens");
        }
        assertEquals(200, reader.refresh(refresh, reader.dpop).status(), "the browser's own refresh was refused");
    }

    /**
     * Every public client's code exchange needs a proof, ours and one an admin adds later (the rule is the realm's
     * client policy); Keycloak's account console, which sends none, is the one exempt.
     */
    @Test
    void aPublicClientsCodeExchangeWithoutADpopProofIsRefused() {
        withClientOfItsOwn("hardening-dpop-", Map.of("publicClient", true, "standardFlowEnabled", true,
                "redirectUris", List.of(Stack.DOCS_SITE_CALLBACK), "attributes", Map.of("pkce.code.challenge.method", "S256")), added -> {
            String email = Reader.uniqueEmail("dpop-missing");
            String password = "a long enough password";
            AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), password);
            for (String client : List.of(Stack.DOCS_SITE, added)) {
                Reader noProof = new Reader(client, Stack.DOCS_SITE_CALLBACK, null);
                Json.Response r = noProof.exchange(noProof.signIn(email, password));
                assertEquals(400, r.status(), client + " exchanged a code without a DPoP proof");
                assertEquals("DPoP proof is missing", r.json().path("error_description").asText(), client);
                assertFalse(r.body().contains("access_token"), client + " issued tokens without a proof");
            }
            Reader accountConsole = Reader.accountConsole();
            JsonNode account = accountConsole.tokens(accountConsole.signIn(email, password));
            assertTrue(account.has("access_token"), "the account console, exempt, was refused");
        });
    }

    /**
     * Several tabs: each tab of the site signs in on its own (silently, with the browser's Keycloak session), so
     * each has its own refresh token, rotated on its own; one tab's refreshes never stale another's.
     */
    @Test
    void severalTabsOfOneBrowserEachRefreshOnTheirOwn() {
        Reader first = Reader.docsSite();
        JsonNode a = first.tokens(first.signUp(Reader.validSignUp(Reader.uniqueEmail("tabs-rotation"))));
        Reader second = first.anotherTab();
        JsonNode b = second.tokens(second.silentSignIn());
        assertEquals(Json.claims(a.get("access_token").asText()).path("sid").asText(),
                Json.claims(b.get("access_token").asText()).path("sid").asText(), "two Keycloak sessions, not two tabs of one");

        String tabA = a.get("refresh_token").asText();
        String tabB = b.get("refresh_token").asText();
        for (int round = 0; round < 2; round++) {
            Json.Response ra = first.refresh(tabA, first.dpop);
            assertEquals(200, ra.status(), "tab A, round " + round);
            tabA = ra.json().get("refresh_token").asText();
            Json.Response rb = second.refresh(tabB, second.dpop);
            assertEquals(200, rb.status(), "tab B, round " + round);
            tabB = rb.json().get("refresh_token").asText();
        }
    }

    // Finding 2: offline tokens (RFC 9700 §4.14; ASVS 5.0 10.4.8 absolute expiry, 10.4.11 only the scopes a client needs).

    /**
     * The finding's attack: a script on the site's origin, with the reader signed in, asks silently (prompt=none)
     * for {@code offline_access}. Keycloak must refuse the scope, or at least issue no offline refresh token.
     */
    @Test
    void aSilentRequestForOfflineAccessGetsNoOfflineToken() {
        Reader reader = Reader.docsSite();
        reader.tokens(reader.signUp(Reader.validSignUp(Reader.uniqueEmail("offline-silent"))));

        Authorization silent = new Authorization("openid offline_access");
        Map<String, String> answer = silent.callbackQuery(reader.browser.follow(
                reader.browser.get(silent.url() + "&prompt=none"), Stack.DOCS_SITE_CALLBACK));

        assertNoOfflineToken(silent, answer);
    }

    @Test
    void anInteractiveSignInAskingForOfflineAccessGetsNoOfflineToken() {
        String email = Reader.uniqueEmail("offline-signin");
        String password = "a long enough password";
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), password);
        Reader reader = Reader.docsSite();

        Authorization asking = new Authorization("openid offline_access");
        Browser.Page page = reader.browser.get(asking.url());
        if (page.status() == 200) {  // the sign-in form: Keycloak accepted the request so far
            page = reader.submit(page, "#kc-form-login", Map.of("username", email, "password", password));
        }
        Map<String, String> answer = asking.callbackQuery(reader.browser.follow(page, Stack.DOCS_SITE_CALLBACK));

        assertNoOfflineToken(asking, answer);
    }

    private static void assertNoOfflineToken(Authorization request, Map<String, String> answer) {
        if (answer.containsKey("error")) {
            assertEquals("invalid_scope", answer.get("error"), answer.toString());
            return;
        }
        JsonNode tokens = request.tokens(answer);
        JsonNode refresh = Json.claims(tokens.get("refresh_token").asText());
        assertFalse("Offline".equals(refresh.path("typ").asText()), "an offline refresh token: " + refresh);
        assertFalse(List.of(tokens.path("scope").asText().split(" ")).contains("offline_access"), tokens.toString());
    }

    @Test
    void offlineAccessIsNeitherADefaultRoleNorAScopeOfTheDocsSiteAndOfflineSessionsAreBounded() {
        String admin = AdminApi.token();

        JsonNode defaultRoles = get(AdminApi.BASE + "/roles/default-roles-docs/composites/realm", admin);
        assertFalse(names(defaultRoles, "name").contains("offline_access"), "default roles: " + defaultRoles);

        String docsSite = get(AdminApi.BASE + "/clients?clientId=" + Stack.DOCS_SITE, admin).get(0).get("id").asText();
        for (String scopes : List.of("/optional-client-scopes", "/default-client-scopes")) {
            JsonNode list = get(AdminApi.BASE + "/clients/" + docsSite + scopes, admin);
            assertFalse(names(list, "name").contains("offline_access"), "docs-site " + scopes + ": " + list);
        }
        JsonNode realmOptional = get(AdminApi.BASE + "/default-optional-client-scopes", admin);
        assertFalse(names(realmOptional, "name").contains("offline_access"), "new clients' optional scopes: " + realmOptional);

        JsonNode realm = get(AdminApi.BASE, admin);
        assertTrue(realm.path("offlineSessionMaxLifespanEnabled").asBoolean(), "offline sessions never end");
        long max = realm.path("offlineSessionMaxLifespan").asLong();
        assertTrue(max > 0 && max <= THIRTY_DAYS, "offlineSessionMaxLifespan " + max);
        long idle = realm.path("offlineSessionIdleTimeout").asLong();
        assertTrue(idle > 0 && idle <= max, "offlineSessionIdleTimeout " + idle);
    }

    // Finding 3: no password grant (RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used).

    /**
     * A reader's password tried at the token endpoint, outside the hosted form and its protections, through every
     * public client of the realm: Keycloak's own admin-cli (which allowed it), ours, and one an admin adds later
     * with direct grants switched on, since the rule is the realm's client policy, not each client's flag.
     */
    @Test
    void noClientOfTheRealmTakesAReadersPasswordAtTheTokenEndpoint() {
        String email = Reader.uniqueEmail("ropc");
        String password = "a long enough password";
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), password);
        withClientOfItsOwn("hardening-ropc-", Map.of("publicClient", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true), added -> {
            for (String client : List.of("admin-cli", Stack.DOCS_SITE, "account-console", added)) {
                Json.Response r = Json.postForm(Stack.TOKEN_ENDPOINT, "grant_type=password&client_id="
                        + client + "&username=" + Browser.encode(email) + "&password=" + Browser.encode(password) + "&scope=openid");
                // The message never carries the body: a token must not reach the test log.
                assertFalse(r.body().contains("access_token"), client + " issued a token for a reader's password");
                assertTrue(r.status() == 400 || r.status() == 401, client + " answered " + r.status());
            }
        });
    }

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

        assertEquals(List.of("rag-api"), Json.audiences(claims), "aud of " + claims);
        assertEquals(Stack.DOCS_SITE, claims.path("azp").asText());
        assertTrue(claims.path("resource_access").path("account").isMissingNode(), "account roles in " + claims);
        assertEquals("intermediate", claims.path("experience_level").asText(), "the API still gets the background");
    }

    /**
     * Finding 6 kept with the Account page (issue 18): the page asks, in a request of its own, for the optional
     * scope docs-account, and only that token reaches Keycloak's account API and the reader's export. The site's
     * own token reaches neither, also when renewed after the page's request (Keycloak keeps both in one client
     * session): the scope does not leak into it, nor comes by asking for it when renewing (RFC 6749 §6).
     */
    @Test
    void onlyTheAccountPagesOwnTokenReachesTheAccountApiAndTheExport() {
        Reader reader = Reader.docsSite();
        JsonNode site = reader.tokens(reader.signUp(Reader.validSignUp(Reader.uniqueEmail("account-page"))));
        Reader accountPage = reader.accountPage();
        String pageToken = accountPage.tokens(accountPage.silentSignIn()).get("access_token").asText();
        JsonNode page = Json.claims(pageToken);
        assertTrue(Json.audiences(page).containsAll(List.of("account", "docs-data-export")), "aud of the Account page's token: " + page.path("aud"));
        List<String> accountRoles = new ArrayList<>();
        page.path("resource_access").path("account").path("roles").forEach(r -> accountRoles.add(r.asText()));
        assertTrue(accountRoles.containsAll(List.of("view-profile", "manage-account")) && !accountRoles.contains("delete-account"),
                "the Account page's account roles: " + accountRoles);
        assertEquals(200, Json.get(Stack.ISSUER + "/account/", pageToken).status(), "the account API refused the Account page's token");
        assertEquals(200, Json.get(Stack.ISSUER + "/data-export/me", pageToken).status(), "the export refused the Account page's token");

        Json.Response renewed = reader.refresh(site.get("refresh_token").asText(), reader.dpop);
        assertEquals(200, renewed.status(), "the site's renewal after the Account page's request");
        for (JsonNode tokens : List.of(site, renewed.json())) {
            String access = tokens.get("access_token").asText();
            JsonNode claims = Json.claims(access);
            assertEquals(List.of("rag-api"), Json.audiences(claims), "aud of " + claims);
            assertTrue(claims.path("resource_access").path("account").isMissingNode(), "account roles in " + claims);
            assertFalse(List.of(claims.path("scope").asText().split(" ")).contains(Reader.ACCOUNT_PAGE_SCOPE), "scope " + claims.path("scope"));
            int account = Json.get(Stack.ISSUER + "/account/", access).status();
            assertTrue(account == 401 || account == 403, "the account API answered the site's token: " + account);
            assertEquals(403, Json.get(Stack.ISSUER + "/data-export/me", access).status(), "the export answered the site's token");
        }

        // Asking for the page's scope when renewing the site's token: Keycloak 26.7 leaves it out (seen: 200, the
        // site's scope and audience), a refusal would do too; never a token with the page's scope or audiences.
        Json.Response widened = Json.postForm(Stack.TOKEN_ENDPOINT, "grant_type=refresh_token&client_id=" + Stack.DOCS_SITE
                + "&scope=" + Browser.encode("openid " + Reader.ACCOUNT_PAGE_SCOPE)
                + "&refresh_token=" + Browser.encode(renewed.json().get("refresh_token").asText()), reader.dpop.tokenEndpointProof());
        if (widened.status() != 200) {
            assertEquals("invalid_scope", widened.json().path("error").asText(), "refused, but not for its scope: " + widened.status());
            return;
        }
        JsonNode narrowed = Json.claims(widened.json().get("access_token").asText());
        assertEquals(List.of("rag-api"), Json.audiences(narrowed), "aud after asking for the Account page's scope");
        assertTrue(narrowed.path("resource_access").path("account").isMissingNode(), "account roles after asking for the Account page's scope");
        assertFalse(List.of(narrowed.path("scope").asText().split(" ")).contains(Reader.ACCOUNT_PAGE_SCOPE), "scope " + narrowed.path("scope"));
        assertFalse(List.of(Json.claims(widened.json().get("refresh_token").asText()).path("scope").asText().split(" "))
                .contains(Reader.ACCOUNT_PAGE_SCOPE), "the renewed refresh token took the Account page's scope");
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

    // Finding 8: Keycloak features nothing here uses are off at build time (scripts/stack.py KC_FEATURES_DISABLED,
    // the image's KC_FEATURES_DISABLED): less to attack (ASVS 5.0 13.4: no unneeded functionality).

    @Test
    void featuresNothingHereUsesAreOffAndThoseItUsesAreOn() {
        // The grants the realm offers (Keycloak still names CIBA's endpoint in discovery with the feature off).
        JsonNode discovery = get(Stack.ISSUER + "/.well-known/openid-configuration", null);
        assertTrue(discovery.path("device_authorization_endpoint").isMissingNode(), "the device flow's endpoint is offered");
        List<String> grants = new ArrayList<>();
        discovery.path("grant_types_supported").forEach(g -> grants.add(g.asText()));
        assertTrue(grants.contains("authorization_code"), grants.toString());
        for (String unused : List.of("urn:ietf:params:oauth:grant-type:device_code", "urn:openid:params:grant-type:ciba",
                "urn:ietf:params:oauth:grant-type:token-exchange")) {
            assertFalse(grants.contains(unused), unused + " in " + grants);
        }

        Map<String, Boolean> features = new LinkedHashMap<>();
        get(Stack.KEYCLOAK_URL + "/admin/serverinfo", AdminApi.token()).path("features")
                .forEach(f -> features.put(f.path("name").asText(), f.path("enabled").asBoolean()));
        for (String off : List.of("IMPERSONATION", "KERBEROS", "DEVICE_FLOW", "CIBA", "TOKEN_EXCHANGE_STANDARD_V2")) {
            assertEquals(Boolean.FALSE, features.get(off), off + " in " + features);
        }
        for (String on : List.of("ACCOUNT_V3", "ADMIN_V2", "LOGIN_V2", "CLIENT_POLICIES", "UPDATE_EMAIL", "PERSISTENT_USER_SESSIONS")) {
            assertEquals(Boolean.TRUE, features.get(on), on + " in " + features);
        }
    }

    // Helpers

    /** Runs {@code test} with a client an admin adds (a clientId of the given prefix), removed afterwards. */
    private static void withClientOfItsOwn(String prefix, Map<String, Object> representation, java.util.function.Consumer<String> test) {
        String clientId = prefix + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>(representation);
        body.put("clientId", clientId);
        Json.Response created = Json.post(AdminApi.BASE + "/clients", AdminApi.token(), body);
        assertEquals(201, created.status(), created.body());
        try {
            test.accept(clientId);
        } finally {
            JsonNode found = get(AdminApi.BASE + "/clients?clientId=" + clientId, AdminApi.token());
            Json.delete(AdminApi.BASE + "/clients/" + found.get(0).get("id").asText(), AdminApi.token());
        }
    }

    /** An authorization request of the docs site with the given scope, and its code exchange. */
    private static final class Authorization {
        private final String scope;
        private final Pkce pkce = Pkce.create();
        private final String state = UUID.randomUUID().toString();

        Authorization(String scope) {
            this.scope = scope;
        }

        String url() {
            return Stack.ISSUER + "/protocol/openid-connect/auth?client_id=" + Stack.DOCS_SITE + "&response_type=code&scope="
                    + Browser.encode(scope) + "&redirect_uri=" + Browser.encode(Stack.DOCS_SITE_CALLBACK) + "&state=" + state
                    + "&nonce=" + UUID.randomUUID() + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256";
        }

        /** The parameters of Keycloak's redirect to the callback (a code, or an error), its state checked. */
        Map<String, String> callbackQuery(Browser.Page page) {
            assertTrue(Reader.reachedCallback(page), "no redirect to the callback: " + page.status() + " " + page.location()
                    + "\n" + page.body());
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : URI.create(page.location()).getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
            assertEquals(state, out.get("state"), out.toString());
            return out;
        }

        JsonNode tokens(Map<String, String> answer) {
            Json.Response r = Json.postForm(Stack.TOKEN_ENDPOINT,
                    "grant_type=authorization_code&client_id=" + Stack.DOCS_SITE + "&code=" + Browser.encode(answer.get("code"))
                            + "&redirect_uri=" + Browser.encode(Stack.DOCS_SITE_CALLBACK) + "&code_verifier=" + pkce.verifier(),
                    DPoP.create().tokenEndpointProof());
            assertEquals(200, r.status(), r.body());
            return r.json();
        }
    }

    private static JsonNode get(String url, String token) {
        Json.Response r = Json.get(url, token);
        assertEquals(200, r.status(), url + ": " + r.body());
        return r.json();
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}

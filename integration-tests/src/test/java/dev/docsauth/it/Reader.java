package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reader in a browser, going through Keycloak's hosted pages for one OIDC client with the code flow and PKCE,
 * as the docs site sends them.
 */
final class Reader {

    final Browser browser = new Browser();
    private final String clientId;
    private final String redirectUri;
    private final Pkce pkce = Pkce.create();
    private final String state = UUID.randomUUID().toString();

    Reader(String clientId, String redirectUri) {
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    static Reader docsSite() {
        return new Reader(Stack.DOCS_SITE, Stack.DOCS_SITE_CALLBACK);
    }

    /** The account console's own client, whose tokens the account REST API accepts. */
    static Reader accountConsole() {
        return new Reader("account-console", Stack.ISSUER + "/account/");
    }

    private String authParams() {
        return "?client_id=" + clientId + "&response_type=code&scope=openid&redirect_uri=" + Browser.encode(redirectUri)
                + "&state=" + state + "&nonce=" + UUID.randomUUID() + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256";
    }

    /** The hosted sign-up page, opened as the docs site's "Sign up" link does. */
    Browser.Page openSignUp() {
        Browser.Page page = browser.get(Stack.ISSUER + "/protocol/openid-connect/registrations" + authParams());
        assertEquals(200, page.status(), page.body());
        return page;
    }

    Browser.Page openSignIn() {
        Browser.Page page = browser.get(Stack.ISSUER + "/protocol/openid-connect/auth" + authParams());
        assertEquals(200, page.status(), page.body());
        return page;
    }

    /** Fills the page's form with the given fields (kept: whatever else the form carries) and posts it. */
    Browser.Page submit(Browser.Page page, String formSelector, Map<String, String> fields) {
        Document doc = page.document();
        Element form = doc.selectFirst(formSelector);
        assertNotNull(form, "no form " + formSelector + " in " + page.body());
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            if (input.is("input[type=submit]")) {
                continue;
            }
            String value = input.is("select") ? selected(input) : input.val();
            values.put(input.attr("name"), List.of(value));
        }
        fields.forEach((k, v) -> values.put(k, List.of(v)));
        return browser.follow(browser.post(form.absUrl("action"), values), redirectUri);
    }

    private static String selected(Element select) {
        Element option = select.selectFirst("option[selected]");
        return option == null ? "" : option.val();
    }

    Browser.Page signUp(Map<String, String> fields) {
        return submit(openSignUp(), "#kc-register-form", fields);
    }

    Browser.Page signIn(String email, String password) {
        return submit(openSignIn(), "#kc-form-login", Map.of("username", email, "password", password));
    }

    static boolean reachedCallback(Browser.Page page) {
        return page.isRedirect() && page.location().startsWith(Stack.DOCS_SITE_CALLBACK);
    }

    /** Exchanges the code of a redirect to the callback for tokens, checking state on the way. */
    JsonNode tokens(Browser.Page callbackRedirect) {
        assertTrue(callbackRedirect.isRedirect() && callbackRedirect.location().startsWith(redirectUri),
                "expected a redirect to " + redirectUri + ", got " + callbackRedirect.status() + " " + callbackRedirect.location()
                        + "\n" + callbackRedirect.body());
        Map<String, String> query = query(URI.create(callbackRedirect.location()));
        assertEquals(state, query.get("state"));
        Json.Response r = Json.postForm(Stack.ISSUER + "/protocol/openid-connect/token",
                "grant_type=authorization_code&client_id=" + clientId + "&code=" + Browser.encode(query.get("code"))
                        + "&redirect_uri=" + Browser.encode(redirectUri) + "&code_verifier=" + pkce.verifier());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = uri.getRawQuery() != null ? uri.getRawQuery() : uri.getRawFragment();
        for (String pair : q.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A complete, valid sign-up form for a fresh address; tests change what they test. */
    static Map<String, String> validSignUp(String email) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("email", email);
        f.put("firstName", "Grace");
        f.put("lastName", "Hopper");
        f.put("password", "correct horse battery");
        f.put("password-confirm", "correct horse battery");
        f.put("experienceLevel", "intermediate");
        f.put("professionalRole", "researcher");
        f.put("roleOther", "");
        f.put("organization", "");
        return f;
    }

    static String uniqueEmail(String tag) {
        String email = tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        SecretsSeen.seen("email", email);
        return email;
    }

    /** The text of the error shown for one field, or null. Keycloak's v2 theme puts it in input-error-<field>. */
    static String fieldError(Browser.Page page, String field) {
        Element el = page.document().getElementById("input-error-" + field);
        return el == null ? null : el.text();
    }
}

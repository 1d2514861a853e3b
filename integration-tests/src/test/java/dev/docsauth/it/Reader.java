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

    final Browser browser;
    private final String clientId;
    private final String redirectUri;
    private final Pkce pkce = Pkce.create();
    private final String state = UUID.randomUUID().toString();
    /** The browser's DPoP key, or null for a client that sends no proof (Keycloak's account console). */
    final DPoP dpop;
    /** The authorization request's {@code scope}. */
    private final String scope;

    Reader(String clientId, String redirectUri, DPoP dpop) {
        this(clientId, redirectUri, dpop, new Browser(), "openid");
    }

    private Reader(String clientId, String redirectUri, DPoP dpop, Browser browser, String scope) {
        this.browser = browser;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.dpop = dpop;
        this.scope = scope;
    }

    /** The optional client scope of docs-site that only the site's Account page asks for (docs/contracts.md, "Data rights"). */
    static final String ACCOUNT_PAGE_SCOPE = "docs-account";

    /**
     * The password every test reader of this suite chooses: it passes the realm's policy (zxcvbn score 4 of at least
     * 3, policy password-strength), whatever the reader's address and name.
     */
    static final String PASSWORD = "correct horse battery";

    /** The docs site: a public client, so its token requests carry a DPoP proof (realm policy docs-dpop-for-public-clients). */
    static Reader docsSite() {
        return new Reader(Stack.DOCS_SITE, Stack.DOCS_SITE_CALLBACK, DPoP.create());
    }

    /** The account console's own client, whose tokens the account REST API accepts; its keycloak-js sends no DPoP proof. */
    static Reader accountConsole() {
        return new Reader("account-console", Stack.ISSUER + "/account/", null);
    }

    /** Another sign-in of the same browser, as a second tab of the site makes: its own PKCE and state, the same cookies and key. */
    Reader anotherTab() {
        return new Reader(clientId, redirectUri, dpop, browser, scope);
    }

    /**
     * The site's Account page in this browser: its own request (scope {@code openid docs-account}) with the same
     * cookies and a key of its own, as the page's in-memory token is made; {@code tokens(accountPage.silentSignIn())}.
     */
    Reader accountPage() {
        return new Reader(clientId, redirectUri, DPoP.create(), browser, "openid " + ACCOUNT_PAGE_SCOPE);
    }

    private String authParams() {
        return "?client_id=" + clientId + "&response_type=code&scope=" + Browser.encode(scope) + "&redirect_uri=" + Browser.encode(redirectUri)
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
        return openSignIn("");
    }

    /** The sign-in page, with more parameters of the authorization request ({@code "&ui_locales=fr"}). */
    Browser.Page openSignIn(String moreParams) {
        Browser.Page page = browser.get(Stack.ISSUER + "/protocol/openid-connect/auth" + authParams() + moreParams);
        assertEquals(200, page.status(), page.body());
        return page;
    }

    /** An application-initiated action ({@code kc_action}) with the browser's Keycloak session: the action's page. */
    Browser.Page openAction(String kcAction) {
        return browser.follow(browser.get(Stack.ISSUER + "/protocol/openid-connect/auth" + authParams() + "&kc_action=" + kcAction), redirectUri);
    }

    /** A sign-in with the browser's Keycloak session, as a new tab of the site makes it (prompt=none): the redirect to the callback. */
    Browser.Page silentSignIn() {
        return browser.follow(browser.get(Stack.ISSUER + "/protocol/openid-connect/auth" + authParams() + "&prompt=none"), redirectUri);
    }

    /**
     * Fills the page's form with the given fields (kept: whatever else the form carries) and posts it; when the form
     * carries a proof-of-work challenge, with its solution, as the widget puts it in a browser ({@code fields} may
     * replace it).
     */
    Browser.Page submit(Browser.Page page, String formSelector, Map<String, String> fields) {
        Document doc = page.document();
        Element form = doc.selectFirst(formSelector);
        assertNotNull(form, "no form " + formSelector + " in " + page.body());
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            // A browser sends neither the submit button nor a box left unticked.
            if (input.is("input[type=submit]") || (input.is("input[type=checkbox], input[type=radio]") && !input.hasAttr("checked"))) {
                continue;
            }
            String value = input.is("select") ? selected(input) : input.val();
            values.put(input.attr("name"), List.of(value));
        }
        Element widget = form.selectFirst("altcha-widget");
        if (widget != null) {
            values.put(widget.attr("name"), List.of(ProofOfWork.solve(widget.attr("challenge"))));
        }
        fields.forEach((k, v) -> values.put(k, List.of(v)));
        return browser.follow(browser.post(form.absUrl("action"), values), redirectUri);
    }

    private static String selected(Element select) {
        Element option = select.selectFirst("option[selected]");
        return option == null ? "" : option.val();
    }

    /**
     * Keycloak's sign-up as a reader goes through it: posts the form; when Keycloak then asks the new reader to verify
     * the address (the realm's default), opens the link of the verification mail from the mail catcher in this
     * browser and chooses the password {@code fields} holds (Keycloak 26.7 asks for it only once the address is
     * confirmed); returns where it leads (the redirect back to the client).
     */
    Browser.Page signUp(Map<String, String> fields) {
        return signUp(fields, fields.get("email"));
    }

    /** {@link #signUp(Map)} for an address typed otherwise than it is stored: the mail goes to {@code mailbox}. */
    Browser.Page signUp(Map<String, String> fields, String mailbox) {
        Browser.Page page = submit(openSignUp(), "#kc-register-form", fields);
        return asksToVerifyEmail(page) ? verifyEmail(mailbox, fields.get("password")) : page;
    }

    /** Keycloak's "verify your e-mail address" page (login-verify-email.ftl), by its link to send the mail again. */
    static boolean asksToVerifyEmail(Browser.Page page) {
        return !page.isRedirect() && page.body().contains("execution=VERIFY_EMAIL");
    }

    /** Opens the newest verification link mailed to {@code email} in this reader's browser; chooses {@code password}. */
    Browser.Page verifyEmail(String email, String password) {
        List<JsonNode> mails = MailCatcher.waitFor(email, 1);
        Browser.Page page = browser.follow(
                browser.get(MailCatcher.link(mails.get(mails.size() - 1), "/login-actions/action-token")), redirectUri);
        return choosesPassword(page) ? choosePassword(page, password) : page;
    }

    /** Keycloak's "update password" page, shown after a verification or a reset link. */
    static boolean choosesPassword(Browser.Page page) {
        return !page.isRedirect() && page.document().getElementById("kc-passwd-update-form") != null;
    }

    Browser.Page choosePassword(Browser.Page page, String password) {
        return submit(page, "#kc-passwd-update-form", Map.of("password-new", password, "password-confirm", password));
    }

    /** "Forgot password?" on the sign-in page, for {@code email}; returns the page that answers. */
    Browser.Page requestPasswordReset(String email) {
        return requestPasswordReset(email, "");
    }

    /** "Forgot password?" for {@code email}, from a sign-in page opened with {@code moreParams}. */
    Browser.Page requestPasswordReset(String email, String moreParams) {
        Browser.Page signIn = openSignIn(moreParams);
        org.jsoup.nodes.Element link = signIn.document().selectFirst("a[href*=reset-credentials]");
        assertNotNull(link, "no \"Forgot password?\" link on the sign-in page");
        Browser.Page form = browser.follow(browser.get(link.absUrl("href")), redirectUri);
        return submit(form, "#kc-reset-password-form", Map.of("username", email));
    }

    Browser.Page signIn(String email, String password) {
        return submit(openSignIn(), "#kc-form-login", Map.of("username", email, "password", password));
    }

    static boolean reachedCallback(Browser.Page page) {
        return page.isRedirect() && page.location().startsWith(Stack.DOCS_SITE_CALLBACK);
    }

    /** Exchanges the code of a redirect to the callback for tokens, checking state on the way. */
    JsonNode tokens(Browser.Page callbackRedirect) {
        Json.Response r = exchange(callbackRedirect);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** The token endpoint's answer to the code of a redirect to the callback (with this reader's proof, if any). */
    Json.Response exchange(Browser.Page callbackRedirect) {
        assertTrue(callbackRedirect.isRedirect() && callbackRedirect.location().startsWith(redirectUri),
                "expected a redirect to " + redirectUri + ", got " + callbackRedirect.status() + " " + callbackRedirect.location()
                        + "\n" + callbackRedirect.body());
        Map<String, String> query = query(URI.create(callbackRedirect.location()));
        assertEquals(state, query.get("state"));
        String form = "grant_type=authorization_code&client_id=" + clientId + "&code=" + Browser.encode(query.get("code"))
                + "&redirect_uri=" + Browser.encode(redirectUri) + "&code_verifier=" + pkce.verifier();
        return dpop == null ? Json.postForm(Stack.TOKEN_ENDPOINT, form) : Json.postForm(Stack.TOKEN_ENDPOINT, form, dpop.tokenEndpointProof());
    }

    /** A refresh-token grant of this client, with a proof of the given key (or none). */
    Json.Response refresh(String refreshToken, DPoP key) {
        String form = "grant_type=refresh_token&client_id=" + clientId + "&refresh_token=" + Browser.encode(refreshToken);
        return key == null ? Json.postForm(Stack.TOKEN_ENDPOINT, form) : Json.postForm(Stack.TOKEN_ENDPOINT, form, key.tokenEndpointProof());
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

    /**
     * A complete, valid sign-up form for a fresh address, the consent box ticked (remove
     * {@code personalizationConsent} to leave it unticked); tests change what they test.
     */
    static Map<String, String> validSignUp(String email) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("email", email);
        f.put("firstName", "Grace");
        f.put("lastName", "Hopper");
        f.put("password", PASSWORD);
        f.put("password-confirm", PASSWORD);
        f.put("experienceLevel", "intermediate");
        f.put("professionalRole", "researcher");
        f.put("roleOther", "");
        f.put("organization", "");
        f.put("personalizationConsent", "true");
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

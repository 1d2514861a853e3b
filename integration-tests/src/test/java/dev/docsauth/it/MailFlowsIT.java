package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mail flows on the real server and the real mail catcher: "Forgot password?", the address change, and the
 * mail flood limit (docs/contracts.md, "Mail": at most 3 reset or verification mails per address per 15 minutes).
 */
class MailFlowsIT {

    private static final String PASSWORD = "the first password";
    private static final String NEW_PASSWORD = "the second password";
    private static final String EMAIL_SENT = "You should receive an email shortly";
    private static final String FLOOD_WAIT = "Too many e-mails were asked for this address. Please wait 15 minutes";

    // ---- "Forgot password?" ----------------------------------------------------------------------------------

    @Test
    void aKnownAndAnUnknownAddressGetTheSamePageAndOnlyTheKnownOneAMail() {
        String known = reader("known");
        String unknown = Reader.uniqueEmail("unknown");

        Browser.Page forKnown = Reader.docsSite().requestPasswordReset(known);
        Browser.Page forUnknown = Reader.docsSite().requestPasswordReset(unknown);

        assertEquals(200, forKnown.status(), forKnown.body());
        assertTrue(forKnown.document().text().contains(EMAIL_SENT), forKnown.document().text());
        assertEquals(shape(forKnown), shape(forUnknown));

        MailCatcher.waitFor(known, 1);
        // The unknown address's request was answered after the known one's, whose mail has arrived.
        assertEquals(0, MailCatcher.mailsTo(unknown).size());
    }

    /** The mail is rendered after the answer (AfterFlowEmailTemplateProviderFactory), in the language of the page. */
    @Test
    void theResetMailIsInTheLanguageTheReaderAskedIn() {
        String address = reader("french");
        Reader.docsSite().requestPasswordReset(address, "&ui_locales=fr");
        assertEquals("Choisissez un nouveau mot de passe", MailCatcher.waitFor(address, 1).get(0).path("subject").asText());
    }

    @Test
    void theResetLinkWorksOnceSetsTheNewPasswordAndEndsTheReadersOtherSessions() {
        String email = reader("reset");
        Reader elsewhere = Reader.docsSite();
        JsonNode elsewhereTokens = elsewhere.tokens(elsewhere.signIn(email, PASSWORD));

        Reader reader = Reader.docsSite();
        reader.requestPasswordReset(email);
        String link = MailCatcher.link(MailCatcher.waitFor(email, 1).get(0), "/login-actions/action-token");

        Browser.Page form = reader.browser.follow(reader.browser.get(link), Stack.DOCS_SITE_CALLBACK);
        assertEquals(200, form.status(), form.body());
        // Keycloak's "Sign out from other devices" box, unticked by default: left so, as most readers would.
        Element logoutOthers = form.document().getElementById("logout-sessions");
        assertNotNull(logoutOthers, "no 'sign out from other devices' box on " + form.document().text());
        assertFalse(logoutOthers.hasAttr("checked"));
        Browser.Page done = reader.submit(form, "#kc-passwd-update-form",
                Map.of("password-new", NEW_PASSWORD, "password-confirm", NEW_PASSWORD, "logout-sessions", ""));
        assertTrue(Reader.reachedCallback(done), done.status() + " " + done.document().text());

        Reader second = Reader.docsSite();
        Browser.Page again = second.browser.follow(second.browser.get(link), Stack.DOCS_SITE_CALLBACK);
        assertFalse(Reader.reachedCallback(again), "the link was used twice");
        assertTrue(again.status() < 500 && again.document().text().contains("Action expired"), again.document().text());
        assertTrue(again.document().select("input[type=password]").isEmpty(), "a second use offers a new password");

        assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(email, NEW_PASSWORD)), "the new password is refused");
        assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD)), "the old password still works");
        Json.Response refresh = Json.postForm(Stack.ISSUER + "/protocol/openid-connect/token", "grant_type=refresh_token&client_id="
                + Stack.DOCS_SITE + "&refresh_token=" + elsewhereTokens.get("refresh_token").asText());
        assertEquals(400, refresh.status(), "the reader's session elsewhere survived the reset");
    }

    @Test
    void anExpiredResetLinkIsRefused() {
        String email = reader("expired");
        Reader reader = Reader.docsSite();
        // Keycloak writes the lifetime into the link when it is made: shorten it for this one link only (the realm's
        // lifespan of reset links, an attribute per action-token type: realm-config/docs-realm.json).
        ObjectNode attributes = Json.get(AdminApi.BASE, AdminApi.token()).json().get("attributes").deepCopy();
        attributes.put("actionTokenGeneratedByUserLifespan.reset-credentials", "1");
        try (RealmSetting lifespan = new RealmSetting("attributes", attributes)) {
            reader.requestPasswordReset(email);
            MailCatcher.waitFor(email, 1);
        }
        String link = MailCatcher.link(MailCatcher.mailsTo(email).get(0), "/login-actions/action-token");
        MailCatcher.sleep(3_000);

        Browser.Page expired = reader.browser.follow(reader.browser.get(link), Stack.DOCS_SITE_CALLBACK);
        assertTrue(expired.status() < 500 && expired.document().text().contains("Action expired"), expired.document().text());
        assertTrue(expired.document().select("input[name=password-new]").isEmpty(), "an expired link offers a new password");
        assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, NEW_PASSWORD)));
        assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD)), "the password changed");
    }

    @Test
    void theResetPageComesWhileTheMailServerHasNotAnsweredYet() throws IOException {
        String email = reader("slow-smtp");
        try (SilentSmtpServer smtp = new SilentSmtpServer();
                RealmSetting server = new RealmSetting("smtpServer", smtpServerOn(smtp.port()))) {
            Browser.Page page = Reader.docsSite().requestPasswordReset(email);

            List<Boolean> openWhenThePageCame = smtp.connections().stream().map(SilentSmtpServer::open).toList();
            assertEquals(200, page.status(), "the page waited for the mail server: " + page.document().text());
            assertTrue(page.document().text().contains(EMAIL_SENT), page.document().text());
            assertFalse(openWhenThePageCame.contains(false), "Keycloak gave up on the mail server before the page came");
            smtp.awaitConnection(); // the mail is being sent, after the page
        }
    }

    // ---- the address change ----------------------------------------------------------------------------------

    @Test
    void aNewAddressReplacesTheOldOnlyOnceConfirmedAndTheOldAddressIsTold() {
        String old = reader("change-old");
        String fresh = Reader.uniqueEmail("change-new");
        String id = AdminApi.userByEmail(old).orElseThrow().get("id").asText();
        Reader reader = Reader.docsSite();
        assertTrue(Reader.reachedCallback(reader.signIn(old, PASSWORD)));

        Browser.Page sent = reader.submit(openUpdateEmail(reader), "#kc-update-email-form", Map.of("email", fresh));
        assertEquals(200, sent.status(), sent.document().text());
        JsonNode confirmation = MailCatcher.waitFor(fresh, 1).get(0);

        // Until the click, nothing changes: the account keeps its address, the old one signs in (and is reminded
        // of the change waiting for confirmation), nobody is told.
        assertEquals(old, AdminApi.user(id).get("email").asText());
        Browser.Page pending = Reader.docsSite().signIn(old, PASSWORD);
        assertNotNull(pending.document().selectFirst("#kc-update-email-form"), pending.document().text());
        assertEquals(0, MailCatcher.mailsTo(old).size(), "the old address was told before the change");

        Browser.Page confirmed = Reader.docsSite().browser.get(MailCatcher.link(confirmation, "/login-actions/action-token"));
        assertTrue(confirmed.status() < 400, confirmed.status() + " " + confirmed.document().text());
        assertEquals(fresh, AdminApi.user(id).get("email").asText());
        JsonNode notice = MailCatcher.waitFor(old, 1).get(0);
        assertTrue(notice.path("subject").asText().contains("changed"), notice.path("subject").asText());
        assertFalse(notice.path("text").asText().contains(fresh), "the notice gives the new address away");
        assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(fresh, PASSWORD)));
    }

    @Test
    void theAccountApiCannotChangeTheAddressWithoutConfirmation() {
        String email = reader("account-api");
        Reader console = Reader.accountConsole();
        String token = console.tokens(console.signIn(email, PASSWORD)).get("access_token").asText();
        String account = Stack.ISSUER + "/account/";
        ObjectNode me = (ObjectNode) Json.get(account, token).json();
        me.put("email", Reader.uniqueEmail("account-api-new"));

        Json.Response r = Json.post(account, token, me);
        assertNotEquals(500, r.status(), r.body());
        assertEquals(email, AdminApi.userByEmail(email).orElseThrow().get("email").asText(), "changed without confirmation");
    }

    // ---- the flood limit -------------------------------------------------------------------------------------

    @Test
    void theFourthResetWithinTheWindowSendsNothingAndSaysToWaitKnownOrNot() {
        String known = reader("flood-known");
        String unknown = Reader.uniqueEmail("flood-unknown");
        for (int i = 0; i < 3; i++) {
            assertTrue(Reader.docsSite().requestPasswordReset(known).document().text().contains(EMAIL_SENT));
            assertTrue(Reader.docsSite().requestPasswordReset(unknown).document().text().contains(EMAIL_SENT));
        }
        Browser.Page fourthKnown = Reader.docsSite().requestPasswordReset(known);
        Browser.Page fourthUnknown = Reader.docsSite().requestPasswordReset(unknown);
        assertTrue(fourthKnown.document().text().contains(FLOOD_WAIT), fourthKnown.document().text());
        assertEquals(shape(fourthKnown), shape(fourthUnknown));
        // The same address typed otherwise is the same address.
        assertEquals(shape(fourthKnown), shape(Reader.docsSite().requestPasswordReset(" " + known.toUpperCase() + " ")));

        MailCatcher.waitFor(known, 3);
        String id = AdminApi.userByEmail(known).orElseThrow().get("id").asText();
        JsonNode sends = Json.get(AdminApi.BASE + "/events?type=SEND_RESET_PASSWORD&user=" + id, AdminApi.token()).json();
        assertEquals(3, sends.size(), "reset mails sent: " + sends);
        assertEquals(0, MailCatcher.mailsTo(unknown).size());
    }

    @Test
    void verificationMailsShareTheLimitAndAreRefusedOnKeycloaksPage() {
        String email = Reader.uniqueEmail("flood-verify");
        for (int i = 0; i < 3; i++) {
            Reader.docsSite().requestPasswordReset(email); // before the account exists: counted all the same
        }
        String id = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), PASSWORD);
        Json.put(AdminApi.BASE + "/users/" + id, AdminApi.token(), Map.of("emailVerified", false));

        Browser.Page verify = Reader.docsSite().signIn(email, PASSWORD);
        assertFalse(Reader.reachedCallback(verify));
        assertTrue(verify.document().text().contains(FLOOD_WAIT), verify.document().text());
        assertNotNull(verify.document().selectFirst("a[href*=VERIFY_EMAIL]"), "not Keycloak's verify-email page, with its re-send link");
        assertEquals(0, MailCatcher.mailsTo(email).size());
    }

    @Test
    void theFourthAskToChangeToOneAddressIsRefusedWhoeverAsks() {
        String target = Reader.uniqueEmail("flood-target");
        for (int i = 0; i < 3; i++) {
            Reader asker = signedIn(reader("flood-asker"));
            Browser.Page sent = asker.submit(openUpdateEmail(asker), "#kc-update-email-form", Map.of("email", target));
            assertFalse(sent.document().text().contains(FLOOD_WAIT), sent.document().text());
        }
        MailCatcher.waitFor(target, 3);

        Reader fourth = signedIn(reader("flood-asker"));
        Browser.Page refused = fourth.submit(openUpdateEmail(fourth), "#kc-update-email-form", Map.of("email", target));
        assertTrue(refused.document().text().contains(FLOOD_WAIT), refused.document().text());
        assertEquals("email", refused.document().selectFirst("form input[name=email]").attr("name"), "not the address form");
        assertEquals(3, MailCatcher.mailsTo(target).size());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A reader created as an admin would, address verified; returns the address. */
    private static String reader(String tag) {
        String email = Reader.uniqueEmail(tag);
        AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), PASSWORD);
        return email;
    }

    private static Reader signedIn(String email) {
        Reader reader = Reader.docsSite();
        assertTrue(Reader.reachedCallback(reader.signIn(email, PASSWORD)));
        return reader;
    }

    /** "Forgot password?" from the sign-in page, with {@code typed} in its field; the page that answers. */
    /** The address form, as the docs site or the account console opens it ({@code kc_action=UPDATE_EMAIL}). */
    private static Browser.Page openUpdateEmail(Reader signedIn) {
        Browser.Page page = signedIn.browser.follow(signedIn.browser.get(Stack.ISSUER + "/protocol/openid-connect/auth?client_id=" + Stack.DOCS_SITE
                + "&response_type=code&scope=openid&kc_action=UPDATE_EMAIL&redirect_uri=" + Browser.encode(Stack.DOCS_SITE_CALLBACK)
                + "&state=" + UUID.randomUUID() + "&code_challenge_method=S256&code_challenge=" + Pkce.create().challenge()),
                Stack.DOCS_SITE_CALLBACK);
        assertEquals(200, page.status(), page.status() + " " + page.location() + " " + page.body());
        assertNotNull(page.document().selectFirst("form input[name=email]"), page.document().text());
        return page;
    }

    /** What a reader sees of a page: its status, its text, and its forms' paths and fields (not per-visit codes). */
    private static String shape(Browser.Page page) {
        String forms = page.document().select("form").stream()
                .map(f -> f.absUrl("action").replaceAll("\\?.*", "") + f.select("input[name]").stream()
                        .map(i -> i.attr("name")).collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(";"));
        return page.status() + "\n" + page.document().text() + "\n" + forms;
    }

    private static Map<String, Object> smtpServerOn(int port) {
        JsonNode current = Json.get(AdminApi.BASE, AdminApi.token()).json().get("smtpServer");
        @SuppressWarnings("unchecked")
        Map<String, Object> smtp = Json.MAPPER.convertValue(current, Map.class);
        smtp.put("host", "127.0.0.1");
        smtp.put("port", String.valueOf(port));
        return smtp;
    }

    /** One setting of realm docs changed for a test, and restored (and checked) when closed. */
    private static final class RealmSetting implements AutoCloseable {
        private final String name;
        private final JsonNode original;

        RealmSetting(String name, Object value) {
            this.name = name;
            this.original = Json.get(AdminApi.BASE, AdminApi.token()).json().get(name);
            put(value);
        }

        private void put(Object value) {
            Json.Response r = Json.put(AdminApi.BASE, AdminApi.token(), Map.of(name, value));
            assertEquals(204, r.status(), r.body());
        }

        @Override
        public void close() {
            put(original);
            assertEquals(meaningful(original), meaningful(Json.get(AdminApi.BASE, AdminApi.token()).json().get(name)),
                    name + " not restored");
        }

        /** The setting without empty or masked fields, which Keycloak's representation may leave out once saved. */
        private static JsonNode meaningful(JsonNode value) {
            if (!value.isObject()) {
                return value;
            }
            ObjectNode kept = value.deepCopy();
            value.fields().forEachRemaining(f -> {
                if (f.getValue().asText().isEmpty() || f.getValue().asText().equals("**********")) {
                    kept.remove(f.getKey());
                }
            });
            return kept;
        }
    }

    /** A mail server that accepts connections and never says a word (no SMTP greeting). */
    private static final class SilentSmtpServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptAll, "silent-smtp");

        SilentSmtpServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        List<Socket> connections() {
            return accepted;
        }

        private void acceptAll() {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // close() ends it
            }
        }

        /** Whether Keycloak still holds the connection (it closes it when it gives up waiting). */
        static boolean open(Socket socket) {
            try {
                socket.setSoTimeout(100);
                InputStream in = socket.getInputStream();
                return in.read() != -1;
            } catch (SocketTimeoutException stillWaiting) {
                return true;
            } catch (IOException reset) {
                return false;
            }
        }

        void awaitConnection() {
            for (int i = 0; i < 150 && accepted.isEmpty(); i++) {
                MailCatcher.sleep(200);
            }
            assertFalse(accepted.isEmpty(), "Keycloak never tried to send the mail");
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}

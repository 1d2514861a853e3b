package dev.docsauth.keycloak.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.docsauth.keycloak.Fake;

/** Mail of a reader's flow goes after the commit, in the background; any other mail goes at once. */
class AfterFlowEmailSenderProviderTest {

    private static final Map<String, String> SMTP = Map.of("host", "localhost", "port", "1025");

    private final List<String> sentNow = new ArrayList<>();
    private final List<OutgoingMail> background = new ArrayList<>();
    private final List<KeycloakTransaction> afterCompletion = new ArrayList<>();
    private AuthenticationSessionModel flow;
    private boolean committed;

    private final EmailSenderProvider keycloaks = new EmailSenderProvider() {
        @Override
        public void send(Map<String, String> smtp, String address, String subject, String text, String html) {
            sentNow.add(address);
        }

        @Override
        public void send(Map<String, String> smtp, UserModel user, String subject, String text, String html) throws EmailException {
            throw new EmailException("No email address configured for the user");
        }

        @Override
        public void validate(Map<String, String> smtp) {
            sentNow.add("validated");
        }

        @Override
        public void close() {
            sentNow.add("closed");
        }
    };

    private final KeycloakSession session = Fake.of(KeycloakSession.class, Map.of(
            "getContext", args -> Fake.of(KeycloakContext.class, Map.of("getAuthenticationSession", a -> flow)),
            "getTransactionManager", args -> Fake.of(KeycloakTransactionManager.class, Map.of("enlistAfterCompletion", a -> {
                if (committed) {
                    throw new IllegalStateException("Transaction already completed");
                }
                afterCompletion.add((KeycloakTransaction) a[0]);
                return null;
            }))));

    private final AfterFlowEmailSenderProvider sender = new AfterFlowEmailSenderProvider(session, keycloaks,
            (s, mail) -> background.add(mail));

    @Test
    void outsideAFlowMailGoesAtOnceSoAnAdminSeesErrors() throws EmailException {
        sender.send(SMTP, "reader@example.org", "Test", "text", "<p>html</p>");
        assertEquals(List.of("reader@example.org"), sentNow);
        assertTrue(background.isEmpty() && afterCompletion.isEmpty());
    }

    @Test
    void duringAFlowMailWaitsForTheCommitThenGoesInTheBackground() throws EmailException {
        flow = Fake.of(AuthenticationSessionModel.class, Map.of());
        Map<String, String> smtp = new HashMap<>(SMTP);
        sender.send(smtp, "reader@example.org", "Reset", "text", "<p>html</p>");
        smtp.put("host", "changed later");
        assertTrue(sentNow.isEmpty() && background.isEmpty(), "sent before the commit");

        KeycloakTransaction tx = afterCompletion.get(0);
        tx.begin();
        tx.commit();
        assertEquals(List.of(new OutgoingMail(SMTP, "reader@example.org", "Reset", "text", "<p>html</p>")), background);
        assertTrue(sentNow.isEmpty());
    }

    @Test
    void aRolledBackFlowSendsNothing() throws EmailException {
        flow = Fake.of(AuthenticationSessionModel.class, Map.of());
        sender.send(SMTP, "reader@example.org", "Reset", "text", "<p>html</p>");
        KeycloakTransaction tx = afterCompletion.get(0);
        tx.begin();
        tx.rollback();
        assertTrue(background.isEmpty() && sentNow.isEmpty());
    }

    @Test
    void afterTheCommitAlreadyMailGoesToTheBackgroundAtOnce() throws EmailException {
        flow = Fake.of(AuthenticationSessionModel.class, Map.of());
        committed = true;
        sender.send(SMTP, "old@example.org", "Notice", "text", "<p>html</p>");
        assertEquals("old@example.org", background.get(0).address());
    }

    @Test
    void aUserIsSentToAtTheirAddressAndWithoutOneKeycloaksErrorStands() throws EmailException {
        UserModel reader = Fake.of(UserModel.class, Map.of("getEmail", args -> "reader@example.org"));
        sender.send(SMTP, reader, "Test", "text", "<p>html</p>");
        assertEquals(List.of("reader@example.org"), sentNow);

        UserModel noAddress = Fake.of(UserModel.class, Map.of("getEmail", args -> null));
        assertThrows(EmailException.class, () -> sender.send(SMTP, noAddress, "Test", "text", "<p>html</p>"));
    }

    @Test
    void validationAndClosingAreKeycloaks() throws EmailException {
        sender.validate(SMTP);
        sender.close();
        assertEquals(List.of("validated", "closed"), sentNow);
    }
}

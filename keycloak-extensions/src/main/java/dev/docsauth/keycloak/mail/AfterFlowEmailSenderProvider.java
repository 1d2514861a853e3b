package dev.docsauth.keycloak.mail;

import java.util.Map;
import java.util.function.BiConsumer;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import dev.docsauth.keycloak.transaction.AfterCommitTransaction;

/**
 * See {@link AfterFlowEmailSenderProviderFactory}: during an authentication flow (an authentication session in
 * the session's context), a mail is handed to {@code background} once the transaction commits (or at once when
 * it has committed already, as for mail asked for by another after-commit step); otherwise it is sent now by
 * Keycloak's sender.
 */
class AfterFlowEmailSenderProvider implements EmailSenderProvider {

    private final KeycloakSession session;
    private final EmailSenderProvider now;
    private final BiConsumer<KeycloakSession, OutgoingMail> background;

    AfterFlowEmailSenderProvider(KeycloakSession session, EmailSenderProvider now,
            BiConsumer<KeycloakSession, OutgoingMail> background) {
        this.session = session;
        this.now = now;
        this.background = background;
    }

    @Override
    public void send(Map<String, String> smtp, UserModel user, String subject, String text, String html) throws EmailException {
        if (user.getEmail() == null) {
            now.send(smtp, user, subject, text, html); // Keycloak's error for a user without an address
            return;
        }
        send(smtp, user.getEmail(), subject, text, html);
    }

    @Override
    public void send(Map<String, String> smtp, String address, String subject, String text, String html) throws EmailException {
        if (session.getContext().getAuthenticationSession() == null) {
            now.send(smtp, address, subject, text, html);
            return;
        }
        AfterCommitTransaction.afterCommit(session, new OutgoingMail(smtp, address, subject, text, html),
                m -> background.accept(session, m));
    }

    @Override
    public void validate(Map<String, String> smtp) throws EmailException {
        now.validate(smtp);
    }

    @Override
    public void close() {
        now.close();
    }
}

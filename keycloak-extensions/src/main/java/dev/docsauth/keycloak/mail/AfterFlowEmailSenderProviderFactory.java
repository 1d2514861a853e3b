package dev.docsauth.keycloak.mail;

import org.keycloak.email.DefaultEmailSenderProviderFactory;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Keycloak's {@code email-sender} {@code default}, taken over under the same id (the higher {@link #order()}
 * wins): mail asked for during a reader's authentication flow (reset, verification, address change) is sent
 * after the request's transaction commits, on a Keycloak executor ({@value MailInBackground#EXECUTOR}), in a session of its own,
 * so that the page never waits for the mail server. A known address thus costs the reset page no more than an
 * unknown one (Keycloak renders and sends in the request: an SMTP round trip that only known addresses paid,
 * and an error page only they got when the server failed). A failed send is logged, without the address.
 * Everything else (an admin's "Test connection", "Send email" of required actions) is sent at once, as
 * Keycloak does, so the admin sees errors. Sending itself is Keycloak's {@code DefaultEmailSenderProvider}.
 */
public class AfterFlowEmailSenderProviderFactory extends DefaultEmailSenderProviderFactory {

    private KeycloakSessionFactory sessionFactory;

    @Override
    public EmailSenderProvider create(KeycloakSession session) {
        return new AfterFlowEmailSenderProvider(session, super.create(session), this::sendInBackground);
    }

    /** Sends {@code mail} after the request, with Keycloak's sender in a session of its own. */
    private void sendInBackground(KeycloakSession requestSession, OutgoingMail mail) {
        MailInBackground.run(requestSession, sessionFactory, "A mail asked for during a sign-in flow",
                session -> mail.sendWith(super.create(session)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        super.postInit(factory);
        this.sessionFactory = factory;
    }

    @Override
    public int order() {
        return 10;
    }
}

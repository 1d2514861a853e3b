package dev.docsauth.keycloak.mail;

import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Keycloak's {@code email-template} provider {@code freemarker}, taken over under the same id (the higher
 * {@link #order()} wins): the mail of "Forgot password?" is rendered after the request's transaction commits, on
 * the mail executor ({@value MailInBackground#EXECUTOR}), in a session of its own, with the
 * locale and URI the request had ({@link DeferredResetMail}). Keycloak renders it in the request, which only a
 * known address pays: `make bench-mail` measured that answer 1.41 times as slow as an unknown address's (2026-11-30,
 * bench/README.md). With {@link AfterFlowEmailSenderProviderFactory} sending after the response too, the answer
 * is the same page in the same time for any address. Every other mail is Keycloak's, rendered at once. A mail
 * that fails is logged without the address; the reader can ask again.
 */
public class AfterFlowEmailTemplateProviderFactory extends FreeMarkerEmailTemplateProviderFactory {

    private KeycloakSessionFactory sessionFactory;

    @Override
    public EmailTemplateProvider create(KeycloakSession session) {
        return new AfterFlowEmailTemplateProvider(session, this::renderInBackground);
    }

    private void renderInBackground(KeycloakSession requestSession, DeferredResetMail mail) {
        MailInBackground.run(requestSession, sessionFactory, "A reset mail",
                session -> mail.renderAndSend(session, new FreeMarkerEmailTemplateProvider(session)));
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

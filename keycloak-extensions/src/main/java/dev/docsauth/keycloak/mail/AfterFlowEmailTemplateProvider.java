package dev.docsauth.keycloak.mail;

import java.util.function.BiConsumer;

import org.keycloak.email.EmailException;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.KeycloakSession;

import dev.docsauth.keycloak.transaction.AfterCommitTransaction;

/**
 * See {@link AfterFlowEmailTemplateProviderFactory}: the reset mail asked for in an authentication flow (an
 * authentication session given, as Keycloak's {@code ResetCredentialEmail} gives it) is handed to
 * {@code background} once the transaction commits; every other mail is Keycloak's, rendered now.
 */
class AfterFlowEmailTemplateProvider extends FreeMarkerEmailTemplateProvider {

    private final BiConsumer<KeycloakSession, DeferredResetMail> background;

    AfterFlowEmailTemplateProvider(KeycloakSession session, BiConsumer<KeycloakSession, DeferredResetMail> background) {
        super(session);
        this.background = background;
    }

    @Override
    public void sendPasswordReset(String link, long expirationInMinutes) throws EmailException {
        if (authenticationSession == null || user == null || realm == null) {
            super.sendPasswordReset(link, expirationInMinutes);
            return;
        }
        DeferredResetMail mail = DeferredResetMail.of(session, realm, user, link, expirationInMinutes);
        AfterCommitTransaction.afterCommit(session, mail, m -> background.accept(session, m));
    }
}

package dev.docsauth.keycloak.mail;

import java.util.Objects;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialEmail;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's {@code reset-credential-email} ("Forgot password?" sends the link), taken over under the same id (the
 * higher {@link #order()} wins), with the {@link MailFloodLimit}: each request counts for the address typed,
 * whether an account has it or not; over the limit, nothing is sent and the reader is back on the sign-in page
 * with {@link FloodWait}'s message, the same for every address. Under it, Keycloak's own behaviour, whose page
 * also never depends on the address ("You should receive an email shortly"), and whose mail our
 * {@code email-sender} sends after the response (AfterFlowEmailSenderProviderFactory), so that the time it takes
 * does not either. Like Keycloak's, one class is both the authenticator and its factory.
 */
public class LimitedResetCredentialEmail extends ResetCredentialEmail {

    private static final Logger LOG = Logger.getLogger(LimitedResetCredentialEmail.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        String address = addressToCount(user == null ? null : user.getId(),
                authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID),
                authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME));
        FormMessage refusal = address == null ? null : FloodWait.admit(context.getSession(), address);
        if (refusal != null) {
            LOG.debug("Reset mail refused: the address's mail flood limit is reached");
            context.forkWithErrorMessage(refusal);
            return;
        }
        super.authenticate(context);
    }

    /**
     * What a reset request counts against: the address (or user name) the reader typed, known or not; nothing
     * when Keycloak sends no mail because the reader has just come back through a reset link of their own.
     */
    static String addressToCount(String userId, String actionTokenUserId, String typed) {
        if (userId != null && Objects.equals(userId, actionTokenUserId)) {
            return null;
        }
        return typed;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return this;
    }

    @Override
    public int order() {
        return 10;
    }
}

package dev.docsauth.keycloak.signin;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialChooseUser;
import org.keycloak.models.KeycloakSession;

/**
 * Takes over Keycloak's {@code reset-credentials-choose-user} ("Forgot password?": the reader types their
 * address) under the same id (the higher {@link #order()} wins), reading the username through
 * {@link FormUsername}. Like Keycloak's, one class is both the authenticator and its factory.
 */
public class NormalizedResetCredentialChooseUser extends ResetCredentialChooseUser {

    @Override
    public void action(AuthenticationFlowContext context) {
        FormUsername.normalizeIn(context.getHttpRequest().getDecodedFormParameters());
        super.action(context);
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

package dev.docsauth.keycloak.signin;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.models.KeycloakSession;

/** Keycloak's username and password form, reading the username through {@link FormUsername}. */
public class NormalizedUsernamePasswordForm extends UsernamePasswordForm {

    public NormalizedUsernamePasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        FormUsername.normalizeIn(context.getHttpRequest().getDecodedFormParameters());
        super.action(context);
    }
}

package dev.docsauth.keycloak.signin;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdatePassword;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Keycloak's {@code UPDATE_PASSWORD} required action, taken over under the same id (the higher {@link #order()}
 * wins), so that a password set through a reset link ends the reader's other sessions: whoever held the old
 * password is signed out everywhere. Keycloak does that only when the reader ticks "Sign out from other devices",
 * which its keycloak.v2 theme leaves unticked. Elsewhere (a password change the reader starts from the account
 * console, or one an admin requires) the box decides, as in Keycloak.
 */
public class ResetEndsOtherSessions extends UpdatePassword {

    static final String LOGOUT_OTHER_SESSIONS = "logout-sessions";

    @Override
    public void processAction(RequiredActionContext context) {
        if (isResetFlow(context.getAuthenticationSession().getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH))) {
            context.getHttpRequest().getDecodedFormParameters().putSingle(LOGOUT_OTHER_SESSIONS, "on");
        }
        super.processAction(context);
    }

    /** Whether the authentication session's flow is "Forgot password?" (Keycloak's {@code reset-credentials}). */
    static boolean isResetFlow(String flowPath) {
        return LoginActionsService.RESET_CREDENTIALS_PATH.equals(flowPath);
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public int order() {
        return 10;
    }
}

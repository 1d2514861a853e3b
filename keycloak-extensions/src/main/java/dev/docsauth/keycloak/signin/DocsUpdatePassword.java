package dev.docsauth.keycloak.signin;

import java.util.Objects;

import dev.docsauth.keycloak.password.RefusalOnPasswordField;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdatePassword;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's {@code UPDATE_PASSWORD} required action ("Choose a password": after the verification or reset link,
 * an admin's request, or the account console), taken over under the same id (the higher {@link #order()} wins),
 * with two changes:
 * <ul>
 * <li>A password set through a link mailed to the reader (the "Forgot password?" link, or an admin's "update
 * password" mail) ends the reader's other sessions: whoever held the old password is signed out everywhere.
 * Keycloak does that only when the reader ticks "Sign out from other devices", which its keycloak.v2 theme leaves
 * unticked. Elsewhere (a password change the reader starts from the account console) the box decides, as in
 * Keycloak. The link is recognised by the note Keycloak leaves in the authentication session when it accepts an
 * action token: the token's user ({@link DefaultActionTokenKey#ACTION_TOKEN_USER_ID}).</li>
 * <li>A password the realm's policy refuses is shown on the new-password field, not as the page's message
 * ({@link RefusalOnPasswordField}).</li>
 * </ul>
 */
public class DocsUpdatePassword extends UpdatePassword {

    static final String LOGOUT_OTHER_SESSIONS = "logout-sessions";

    @Override
    public void processAction(RequiredActionContext context) {
        String tokenUser = context.getAuthenticationSession().getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        if (throughMailedLink(tokenUser, context.getUser().getId())) {
            context.getHttpRequest().getDecodedFormParameters().putSingle(LOGOUT_OTHER_SESSIONS, "on");
        }
        super.processAction(RefusalOnPasswordField.wrap(context));
    }

    /** Whether the reader came through an action token of their own (a link mailed to them). */
    static boolean throughMailedLink(String actionTokenUserId, String userId) {
        return actionTokenUserId != null && Objects.equals(actionTokenUserId, userId);
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

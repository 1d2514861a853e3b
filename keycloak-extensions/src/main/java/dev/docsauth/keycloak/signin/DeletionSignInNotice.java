package dev.docsauth.keycloak.signin;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Says on the sign-in page what the password is asked for when the sign-in comes before an account deletion: the
 * docs site's "Delete my account" is an application-initiated action ({@code kc_action=delete_account}, with
 * {@code prompt=login}), which Keycloak's own page introduces only as "Please re-authenticate to continue". The
 * page's info message becomes {@link #MESSAGE} (the theme's en, fr and ar words) and replaces Keycloak's; any other
 * sign-in keeps its page as it is, and so does a page that Keycloak sends an error or a success to (a sign-in that
 * timed out: "Your login attempt timed out"), which the notice would hide.
 */
public final class DeletionSignInNotice {

    /** Keycloak's required action (and {@code kc_action} value) for deleting one's own account. */
    static final String DELETE_ACCOUNT = "delete_account";
    /** The theme's message key (themes/docs/login/messages). */
    public static final String MESSAGE = "docsSignInToDeleteAccount";

    private DeletionSignInNotice() {
    }

    /**
     * Whether Keycloak forwards an error or a success message to this request's page, which the notice must not
     * replace. To be read before the request's first {@code context.form()}, which takes the message.
     */
    public static boolean messageForwardedTo(AuthenticationFlowContext context) {
        return context.getForwardedErrorMessage() != null || context.getForwardedSuccessMessage() != null;
    }

    /**
     * Sets the page's info message when {@code session} is the sign-in before a deletion.
     *
     * @return whether it did
     */
    public static boolean applyTo(AuthenticationSessionModel session, LoginFormsProvider form) {
        if (!DELETE_ACCOUNT.equals(session.getClientNote(Constants.KC_ACTION))) {
            return false;
        }
        form.setInfo(MESSAGE);
        return true;
    }
}

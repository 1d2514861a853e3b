package dev.docsauth.keycloak.signin;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Says on the sign-in page what the password is asked for when the sign-in comes before an account deletion: the
 * docs site's "Delete my account" is an application-initiated action ({@code kc_action=delete_account}, with
 * {@code prompt=login}), which Keycloak's own page introduces only as "Please re-authenticate to continue". The
 * page's info message becomes {@link #MESSAGE} (the theme's en, fr and ar words) and replaces Keycloak's; any other
 * sign-in keeps its page as it is.
 */
public final class DeletionSignInNotice {

    /** Keycloak's required action (and {@code kc_action} value) for deleting one's own account. */
    static final String DELETE_ACCOUNT = "delete_account";
    /** The theme's message key (themes/docs/login/messages). */
    public static final String MESSAGE = "docsSignInToDeleteAccount";

    private DeletionSignInNotice() {
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

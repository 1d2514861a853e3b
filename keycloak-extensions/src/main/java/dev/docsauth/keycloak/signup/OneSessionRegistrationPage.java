package dev.docsauth.keycloak.signup;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.FormAuthenticator;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.forms.RegistrationPage;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;

/**
 * Keycloak's registration page ({@code registration-page-form}), taken over under the same id (the higher
 * {@link #order()} wins), so that a browser that signs up a new account is signed in as that account, even when
 * another account was signed in in it before.
 *
 * <p>Why: Keycloak keeps one user session per browser, under the id of the browser's authentication session.
 * Opening the registration page ({@code prompt=create}) drops the browser's session cookies but not that session;
 * when the new account is then created, Keycloak finds the earlier reader's session under the same id, refuses
 * with "You are already authenticated as different user ... Please sign out first" and rolls the account back.
 * Every later sign-up in that browser ends there too, on a page with no way to sign out (seen with Keycloak
 * 26.7.3, from a second tab of the docs site that still showed "Sign up"). So when the page is shown, the earlier
 * session, which the browser has just left, is ended (with a {@code LOGOUT} event, so the audit log and the
 * listeners see it); it must be gone before the account is created, in an earlier transaction: a session
 * restarted for another user is refused by Keycloak's persistent sessions.
 */
public class OneSessionRegistrationPage extends RegistrationPage {

    @Override
    public Response render(FormContext context, LoginFormsProvider form) {
        KeycloakSession session = context.getSession();
        String browserSession = context.getAuthenticationSession().getParentSession().getId();
        UserSessionModel earlier = session.sessions().getUserSession(context.getRealm(), browserSession);
        if (earlier != null) {
            // Not AuthenticationManager's logout: it ends the browser's authentication session too, and with it
            // the registration form being shown.
            context.newEvent().event(EventType.LOGOUT).user(earlier.getUser()).session(earlier)
                    .detail("reason", "registration_in_same_browser").success();
            session.sessions().removeUserSession(context.getRealm(), earlier);
        }
        return super.render(context, form);
    }

    @Override
    public FormAuthenticator create(KeycloakSession session) {
        return this;
    }

    @Override
    public int order() {
        return 10;
    }
}

package dev.docsauth.keycloak.signin;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's username and password form, reading the username through {@link FormUsername}; before an account
 * deletion its page says so ({@link DeletionSignInNotice}).
 */
public class NormalizedUsernamePasswordForm extends UsernamePasswordForm {

    /** Keycloak sends this request's page an error or a success message: no deletion notice over it. */
    private boolean messageForwarded;

    public NormalizedUsernamePasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        messageForwarded = DeletionSignInNotice.messageForwardedTo(context);
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        FormUsername.normalizeIn(context.getHttpRequest().getDecodedFormParameters());
        super.action(context);
    }

    /**
     * The page as first shown. Keycloak's own info message ("Please re-authenticate", forwarded by the cookie
     * authenticator) is put on the form by the first {@code context.form()} of the request, so the notice is set
     * after that call and Keycloak's form then keeps it; a forwarded error or success is kept instead.
     */
    @Override
    protected Response challenge(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        if (!messageForwarded) {
            DeletionSignInNotice.applyTo(context.getAuthenticationSession(), context.form());
        }
        return super.challenge(context, formData);
    }
}

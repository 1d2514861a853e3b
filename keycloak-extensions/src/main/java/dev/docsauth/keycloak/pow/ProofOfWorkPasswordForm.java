package dev.docsauth.keycloak.pow;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import dev.docsauth.keycloak.signin.NormalizedUsernamePasswordForm;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The sign-in form ({@code proof-of-work} in the browser flow, in the place of {@code auth-username-password-form}):
 * our username and password form, whose page always carries a challenge that the browser solves while the reader
 * types, and which asks for the solution once the account named has {@link ProofOfWorkSettings#failures()} failed
 * sign-ins in Keycloak's login-failure record (brute-force detection). Then a sign-in without a valid, unused
 * solution is refused with a message before the password is checked, and counts as no attempt. Below that number,
 * and for names of no account, it is the plain form: the solution is not looked at.
 */
public class ProofOfWorkPasswordForm extends NormalizedUsernamePasswordForm {

    private final KeycloakSession session;
    private ProofOfWork proofOfWork;

    public ProofOfWorkPasswordForm(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        proofOfWork = ProofOfWorkPage.forRealm(session, context.getRealm(), context.getAuthenticatorConfig());
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        proofOfWork = ProofOfWorkPage.forRealm(session, context.getRealm(), context.getAuthenticatorConfig());
        super.action(context);
    }

    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        int failures = ProofOfWorkSettings.of(context.getAuthenticatorConfig()).failures();
        if (failedSignIns(context, formData.getFirst("username")) >= failures) {
            ProofOfWork.Verdict verdict = proofOfWork.check(formData.getFirst(ProofOfWork.FIELD));
            if (verdict != ProofOfWork.Verdict.SOLVED) {
                // an event, but no failure for Keycloak's brute-force count: the password was not tried
                Response page = challenge(context, verdict.message, null);
                context.getEvent().error(verdict.eventError);
                context.challenge(page);
                return false;
            }
        }
        return super.validateForm(context, formData);
    }

    /** The account's failed sign-ins in Keycloak's record; 0 for a name of no account or none on record. */
    private int failedSignIns(AuthenticationFlowContext context, String username) {
        if (username == null || username.isEmpty()) {
            return 0;
        }
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), username);
        if (user == null) {
            return 0;
        }
        UserLoginFailureModel record = session.loginFailures().getUserLoginFailure(context.getRealm(), user.getId());
        return record == null ? 0 : record.getNumFailures();
    }

    /** The page as first shown (Keycloak's form builds it without {@link #createLoginForm}). */
    @Override
    protected Response challenge(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        ProofOfWorkPage.addTo(context.form(), proofOfWork);
        return super.challenge(context, formData);
    }

    /** The page again, with an error. */
    @Override
    protected Response createLoginForm(LoginFormsProvider form) {
        ProofOfWorkPage.addTo(form, proofOfWork);
        return super.createLoginForm(form);
    }
}

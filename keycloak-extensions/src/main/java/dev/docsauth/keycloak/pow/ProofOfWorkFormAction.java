package dev.docsauth.keycloak.pow;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * The sign-up form's proof of work and honeypot ({@code proof-of-work} in the registration flow): the page gets a
 * challenge, and a sign-up is refused, with a message on the page and no account, when the form's solution is
 * missing, invalid or already used, or when the honeypot is filled in. The form's other errors show beside it
 * (a reader without JavaScript sees what else to fix); a person whose browser solves the challenge never sees it.
 */
public class ProofOfWorkFormAction implements FormAction {

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        ProofOfWorkPage.addTo(form, proofOfWork(context));
    }

    @Override
    public void validate(ValidationContext context) {
        MultivaluedMap<String, String> formData = context.getHttpRequest().getDecodedFormParameters();
        ProofOfWork.Verdict verdict = ProofOfWork.honeypot(formData.getFirst(ProofOfWork.HONEYPOT));
        if (verdict == ProofOfWork.Verdict.SOLVED) {
            verdict = proofOfWork(context).check(formData.getFirst(ProofOfWork.FIELD));
        }
        if (verdict == ProofOfWork.Verdict.SOLVED) {
            context.success();
            return;
        }
        context.error(verdict.eventError);
        // as Keycloak's own registration steps do on an error: the page never sends a password back
        formData.remove("password");
        formData.remove("password-confirm");
        context.validationError(formData, List.of(new FormMessage(FormMessage.GLOBAL, verdict.message)));
    }

    private static ProofOfWork proofOfWork(FormContext context) {
        return ProofOfWorkPage.forRealm(context.getSession(), context.getRealm(), context.getAuthenticatorConfig());
    }

    @Override
    public void success(FormContext context) {
        // nothing to record: the solution was spent in validate
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // none
    }

    @Override
    public void close() {
        // nothing held
    }
}

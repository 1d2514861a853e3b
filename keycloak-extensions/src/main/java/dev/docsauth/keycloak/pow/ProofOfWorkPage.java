package dev.docsauth.keycloak.pow;

import java.time.Instant;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Ties {@link ProofOfWork} to Keycloak: the realm's key, the execution's settings, the single-use store, and the
 * page attribute {@value #ATTRIBUTE} that the theme's {@code proof-of-work.ftl} turns into the widget.
 */
final class ProofOfWorkPage {

    /** The template attribute: a {@link Widget}, present when the page carries a challenge. */
    static final String ATTRIBUTE = "proofOfWork";

    /**
     * What the template reads, by the record's accessors ({@code proofOfWork.challenge()}: FreeMarker finds the
     * accessor method before a bean property of the same name).
     *
     * @param challenge the challenge as JSON (the widget's {@code challenge} attribute)
     * @param field     the form field of the solution
     * @param honeypot  the honeypot's field name
     */
    public record Widget(String challenge, String field, String honeypot) {
    }

    private ProofOfWorkPage() {
    }

    static ProofOfWork forRealm(KeycloakSession session, RealmModel realm, AuthenticatorConfigModel config) {
        return new ProofOfWork(ProofOfWorkKey.of(session, realm), ProofOfWorkSettings.of(config),
                session.getProvider(SingleUseObjectProvider.class), Instant::now);
    }

    /** Puts a new challenge on the page. */
    static void addTo(LoginFormsProvider form, ProofOfWork proofOfWork) {
        form.setAttribute(ATTRIBUTE, new Widget(proofOfWork.challenge(), ProofOfWork.FIELD, ProofOfWork.HONEYPOT));
    }
}

package dev.docsauth.keycloak.pow;

import java.util.List;

import dev.docsauth.keycloak.signin.NormalizedUsernamePasswordFormFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Registers {@link ProofOfWorkPasswordForm} as the authenticator {@value #ID} (docs/contracts.md, "Abuse"):
 * Keycloak's username and password form with our username rule, plus the proof of work after failed sign-ins.
 */
public class ProofOfWorkPasswordFormFactory extends NormalizedUsernamePasswordFormFactory {

    public static final String ID = "proof-of-work";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new ProofOfWorkPasswordForm(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Username Password Form with proof of work";
    }

    @Override
    public String getHelpText() {
        return "The username and password form; after a few failed sign-ins of an account, signing in to it needs"
                + " the browser to solve a small ALTCHA proof-of-work challenge.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProofOfWorkSettings.properties(true);
    }
}

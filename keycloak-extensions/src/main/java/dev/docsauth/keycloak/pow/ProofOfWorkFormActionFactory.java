package dev.docsauth.keycloak.pow;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers {@link ProofOfWorkFormAction} as the form action {@value #ID} (docs/contracts.md, "Abuse"). */
public class ProofOfWorkFormActionFactory implements FormActionFactory {

    public static final String ID = "proof-of-work";

    private static final ProofOfWorkFormAction ACTION = new ProofOfWorkFormAction();

    @Override
    public FormAction create(KeycloakSession session) {
        return ACTION;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Proof of work and honeypot";
    }

    @Override
    public String getHelpText() {
        return "The browser solves a small ALTCHA proof-of-work challenge before the account is created; a hidden"
                + " honeypot field catches simple bots.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProofOfWorkSettings.properties(false);
    }

    @Override
    public void init(Config.Scope config) {
        // settings are per realm, in the execution's config
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // nothing held
    }
}

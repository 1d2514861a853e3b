package dev.docsauth.keycloak.password;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;

/**
 * Registers the password policy {@code password-strength} (realm setting {@code passwordPolicy}, e.g.
 * {@code "length(8) and maxLength(128) and notEmail and password-strength(3)"}); one zxcvbn, its dictionaries loaded
 * at start, serves every request.
 */
public class PasswordStrengthPolicyProviderFactory implements PasswordPolicyProviderFactory {

    public static final String ID = "password-strength";
    /** zxcvbn's score 3: "safely unguessable: moderate protection from an offline slow-hash scenario". */
    public static final int DEFAULT_SCORE = 3;

    private StrengthEstimator estimator;

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new PasswordStrengthPolicyProvider(session.getContext(), estimator);
    }

    @Override
    public void init(Config.Scope config) {
        estimator = new StrengthEstimator().warmUp();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public String getDisplayName() {
        return "Password strength (zxcvbn score 0-4)";
    }

    @Override
    public String getConfigType() {
        return PasswordPolicyProvider.INT_CONFIG_TYPE;
    }

    @Override
    public String getDefaultConfigValue() {
        return String.valueOf(DEFAULT_SCORE);
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

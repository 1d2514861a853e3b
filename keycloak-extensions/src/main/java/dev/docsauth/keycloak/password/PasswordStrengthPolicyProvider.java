package dev.docsauth.keycloak.password;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

/**
 * Password policy {@code password-strength(N)}: refuses a password whose zxcvbn score is under N (0-4), counting the
 * reader's own e-mail address, username, first and last name and the site's words (the realm's name and display
 * name) as the first guesses. The refusal is a {@link PolicyError} whose message is the translated hint of its
 * {@link Weakness}; Keycloak shows it on the sign-up form's password field, as the update-password page's message
 * (reset, verification link, update password) and returns it as a 400 from the admin REST API.
 */
public class PasswordStrengthPolicyProvider implements PasswordPolicyProvider {

    /**
     * Keycloak's policy of the longest password: a password over it is left to that policy, whose message says what
     * is wrong (Keycloak runs the realm's policies in no set order and shows the first refusal).
     */
    static final String MAX_LENGTH_POLICY = "maxLength";

    private final KeycloakContext context;
    private final StrengthEstimator estimator;

    public PasswordStrengthPolicyProvider(KeycloakContext context, StrengthEstimator estimator) {
        this.context = context;
        this.estimator = estimator;
    }

    /** A password chosen by an existing account: reset, update password, the admin's reset. */
    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        UserInputs inputs = new UserInputs().add(user.getEmail()).add(user.getUsername())
                .add(user.getFirstName()).add(user.getLastName());
        return check(realm, inputs, password);
    }

    /**
     * A password chosen on the sign-up form, before the account exists: Keycloak gives the username (the e-mail
     * address here); the names come from the form being posted.
     */
    @Override
    public PolicyError validate(String username, String password) {
        UserInputs inputs = new UserInputs().add(username);
        HttpRequest request = context.getHttpRequest();
        if (request != null) {
            MultivaluedMap<String, String> form = request.getDecodedFormParameters();
            inputs.add(form.getFirst("email")).add(form.getFirst("firstName")).add(form.getFirst("lastName"));
        }
        return check(context.getRealm(), inputs, password);
    }

    private PolicyError check(RealmModel realm, UserInputs inputs, String password) {
        if (password == null) {
            return null;
        }
        PasswordPolicy policy = realm.getPasswordPolicy();
        Integer maxLength = policy.getPolicyConfig(MAX_LENGTH_POLICY);
        if (maxLength != null && password.length() > maxLength) {
            return null; // refused by maxLength, whose message says what is wrong
        }
        inputs.add(realm.getName()).add(realm.getDisplayName());
        int minScore = policy.getPolicyConfig(PasswordStrengthPolicyProviderFactory.ID);
        Weakness weakness = estimator.weakness(password, minScore, inputs.words());
        return weakness == null ? null : new PolicyError(weakness.messageKey());
    }

    /** The policy's value: zxcvbn's minimum score, 0 to 4; empty means the default, 3. */
    @Override
    public Object parseConfig(String value) {
        Integer score = parseInteger(value, PasswordStrengthPolicyProviderFactory.DEFAULT_SCORE);
        if (score < 0 || score > 4) {
            throw new PasswordPolicyConfigException("password-strength takes a zxcvbn score from 0 to 4");
        }
        return score;
    }

    @Override
    public void close() {
    }
}

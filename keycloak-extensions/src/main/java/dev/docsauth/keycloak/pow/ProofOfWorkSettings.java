package dev.docsauth.keycloak.pow;

import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The settings of a {@code proof-of-work} execution (its authenticator config in the realm), with their defaults.
 *
 * @param maxNumber ALTCHA's {@code maxnumber}: the secret number is drawn from [0, maxNumber), so a browser hashes
 *                  maxNumber / 2 times on average (SHA-256); the challenge's cost
 * @param failures  sign-in only: how many failed sign-ins of an account (Keycloak's login-failure record) make its
 *                  next sign-in need a solution; 0 asks every time
 * @param lifespanSeconds how long a challenge can be solved and sent, in seconds
 */
public record ProofOfWorkSettings(long maxNumber, int failures, long lifespanSeconds) {

    public static final String MAX_NUMBER = "maxNumber";
    public static final String FAILURES = "failures";

    /** About 8,000 SHA-256 hashes on average: under a second in a mid-range phone's browser on one core, derived from
     * the widget's CPU per number in Chromium (bench/README.md, "The sign-up's proof of work"). */
    public static final long DEFAULT_MAX_NUMBER = 16_000;
    public static final int DEFAULT_FAILURES = 3;
    /** As long as Keycloak's sign-in and sign-up pages stay usable (the realm's default login lifespan). */
    public static final long LIFESPAN_SECONDS = 1800;

    public static final ProofOfWorkSettings DEFAULTS =
            new ProofOfWorkSettings(DEFAULT_MAX_NUMBER, DEFAULT_FAILURES, LIFESPAN_SECONDS);

    /** The options the admin console shows for the execution. */
    static List<ProviderConfigProperty> properties(boolean withFailures) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(MAX_NUMBER).label("Cost (max number)")
                .helpText("The browser tries up to this many SHA-256 hashes, half on average (ALTCHA's maxnumber)."
                        + " Default " + DEFAULT_MAX_NUMBER + ".")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_MAX_NUMBER)).add();
        if (withFailures) {
            builder.property().name(FAILURES).label("Failed sign-ins before it is asked")
                    .helpText("Failed sign-ins of an account (Keycloak's brute-force record) after which signing in"
                            + " to it needs a solution. Default " + DEFAULT_FAILURES + "; 0 asks every time.")
                    .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(DEFAULT_FAILURES)).add();
        }
        return builder.build();
    }

    /**
     * Reads an execution's config; a missing config or option takes the default.
     *
     * @throws IllegalArgumentException naming the option, when a value is not a whole number in range
     *         ({@code maxNumber} 1 to 10^9, {@code failures} 0 or more)
     */
    public static ProofOfWorkSettings of(AuthenticatorConfigModel config) {
        Map<String, String> values = config == null || config.getConfig() == null ? Map.of() : config.getConfig();
        long maxNumber = number(values, MAX_NUMBER, DEFAULT_MAX_NUMBER, 1, 1_000_000_000L);
        long failures = number(values, FAILURES, DEFAULT_FAILURES, 0, Integer.MAX_VALUE);
        return new ProofOfWorkSettings(maxNumber, (int) failures, LIFESPAN_SECONDS);
    }

    private static long number(Map<String, String> values, String name, long fallback, long min, long max) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("proof-of-work option " + name + " must be a whole number from " + min
                + " to " + max + ", not '" + raw + "'");
    }
}

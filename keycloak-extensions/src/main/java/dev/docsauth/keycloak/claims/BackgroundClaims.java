package dev.docsauth.keycloak.claims;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.docsauth.keycloak.consent.PersonalizationConsent;

/**
 * The background claims of a token (docs/contracts.md, "Token claims"): each background attribute under its claim
 * name, as a JSON string, only when the attribute has a non-empty value, and none at all unless the reader has given
 * the consent to personalisation ({@link PersonalizationConsent}).
 */
public final class BackgroundClaims {

    /** User-profile attribute to claim name, in the order the claims are written. */
    static final Map<String, String> CLAIM_OF_ATTRIBUTE = new LinkedHashMap<>();

    static {
        CLAIM_OF_ATTRIBUTE.put("experienceLevel", "experience_level");
        CLAIM_OF_ATTRIBUTE.put("professionalRole", "professional_role");
        CLAIM_OF_ATTRIBUTE.put("roleOther", "role_other");
        CLAIM_OF_ATTRIBUTE.put("organization", "organization");
    }

    private BackgroundClaims() {
    }

    /**
     * The claims for a reader whose first attribute values {@code attribute} gives (name to value, {@code null} when
     * absent): claim name to value; empty unless {@code personalizationConsent} is {@code "true"}.
     */
    public static Map<String, String> of(Function<String, String> attribute) {
        Map<String, String> claims = new LinkedHashMap<>();
        if (!PersonalizationConsent.given(attribute.apply(PersonalizationConsent.ATTRIBUTE))) {
            return claims;
        }
        CLAIM_OF_ATTRIBUTE.forEach((name, claim) -> {
            String value = attribute.apply(name);
            if (value != null && !value.isEmpty()) {
                claims.put(claim, value);
            }
        });
        return claims;
    }
}

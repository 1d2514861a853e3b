package dev.docsauth.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BackgroundClaimsTest {

    private static Map<String, String> reader(String consent) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("experienceLevel", "advanced");
        attributes.put("professionalRole", "other");
        attributes.put("roleOther", "Developer advocate");
        attributes.put("organization", "Analytical Engines Ltd");
        if (consent != null) {
            attributes.put("personalizationConsent", consent);
        }
        return attributes;
    }

    @Test
    void withConsentEveryBackgroundAttributeIsAClaimUnderItsContractName() {
        Map<String, String> claims = BackgroundClaims.of(reader("true")::get);
        assertEquals(Map.of("experience_level", "advanced", "professional_role", "other",
                "role_other", "Developer advocate", "organization", "Analytical Engines Ltd"), claims);
        assertEquals(List.of("experience_level", "professional_role", "role_other", "organization"), List.copyOf(claims.keySet()));
    }

    @Test
    void withoutConsentThereIsNoClaim() {
        assertTrue(BackgroundClaims.of(reader(null)::get).isEmpty(), "never given");
        assertTrue(BackgroundClaims.of(reader("false")::get).isEmpty(), "false");
        assertTrue(BackgroundClaims.of(reader("TRUE")::get).isEmpty(), "only the exact value counts");
        assertTrue(BackgroundClaims.of(reader("")::get).isEmpty(), "empty");
    }

    @Test
    void unsetOrEmptyAttributesGiveNoClaim() {
        Map<String, String> attributes = reader("true");
        attributes.remove("roleOther");
        attributes.put("organization", "");
        assertEquals(Map.of("experience_level", "advanced", "professional_role", "other"), BackgroundClaims.of(attributes::get));
    }
}

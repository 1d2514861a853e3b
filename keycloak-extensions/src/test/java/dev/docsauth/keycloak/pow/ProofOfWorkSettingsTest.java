package dev.docsauth.keycloak.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class ProofOfWorkSettingsTest {

    private static AuthenticatorConfigModel config(Map<String, String> values) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setConfig(values);
        return config;
    }

    @Test
    void noConfigOrEmptyOptionsTakeTheDefaults() {
        assertEquals(ProofOfWorkSettings.DEFAULTS, ProofOfWorkSettings.of(null));
        assertEquals(ProofOfWorkSettings.DEFAULTS, ProofOfWorkSettings.of(new AuthenticatorConfigModel()));
        assertEquals(ProofOfWorkSettings.DEFAULTS, ProofOfWorkSettings.of(config(Map.of("maxNumber", " "))));
    }

    @Test
    void theOptionsAreRead() {
        ProofOfWorkSettings s = ProofOfWorkSettings.of(config(Map.of("maxNumber", " 200000", "failures", "0")));
        assertEquals(200_000, s.maxNumber());
        assertEquals(0, s.failures());
        assertEquals(ProofOfWorkSettings.LIFESPAN_SECONDS, s.lifespanSeconds());
    }

    @Test
    void eachRangeIncludesItsEnds() {
        ProofOfWorkSettings low = ProofOfWorkSettings.of(config(Map.of("maxNumber", "1", "failures", "0")));
        assertEquals(1, low.maxNumber());
        assertEquals(0, low.failures());
        ProofOfWorkSettings high = ProofOfWorkSettings.of(config(Map.of("maxNumber", "1000000000",
                "failures", Integer.toString(Integer.MAX_VALUE))));
        assertEquals(1_000_000_000L, high.maxNumber());
        assertEquals(Integer.MAX_VALUE, high.failures());
    }

    @Test
    void aValueOutOfRangeOrNotANumberIsRefusedByName() {
        for (Map<String, String> bad : new Map[] {Map.of("maxNumber", "0"), Map.of("maxNumber", "lots"),
            Map.of("maxNumber", "1000000001"), Map.of("failures", "-1")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProofOfWorkSettings.of(config(bad)));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }

    @Test
    void theSignInFormHasOneOptionMore() {
        assertEquals(1, ProofOfWorkSettings.properties(false).size());
        assertEquals(2, ProofOfWorkSettings.properties(true).size());
    }
}

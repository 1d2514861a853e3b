package dev.docsauth.keycloak.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import dev.docsauth.keycloak.Fake;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

class ProofOfWorkKeyTest {

    private static SecretKeySpec secret(String s) {
        return new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA512");
    }

    private static KeycloakSession sessionWith(KeyWrapper key) {
        KeyManager keys = Fake.of(KeyManager.class, Map.of("getActiveKey", a -> key));
        return Fake.of(KeycloakSession.class, Map.of("keys", a -> keys));
    }

    private static final RealmModel REALM = Fake.of(RealmModel.class, Map.of("getName", a -> "docs"));

    @Test
    void theKeyIsAnHmacOfALabelUnderTheRealmsKey() {
        String one = ProofOfWorkKey.derive(secret("realm key one"));
        assertTrue(one.matches("[0-9a-f]{64}"), one);
        assertEquals(one, ProofOfWorkKey.derive(secret("realm key one")), "every node derives the same");
        assertNotEquals(one, ProofOfWorkKey.derive(secret("realm key two")), "a rotated realm key gives another");
    }

    @Test
    void theRealmsActiveHs512KeyIsUsed() {
        KeyWrapper key = new KeyWrapper();
        key.setSecretKey(secret("realm key one"));
        assertEquals(ProofOfWorkKey.derive(secret("realm key one")), ProofOfWorkKey.of(sessionWith(key), REALM));
    }

    @Test
    void aRealmWithoutAnHmacKeyIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProofOfWorkKey.of(sessionWith(null), REALM));
        assertTrue(e.getMessage().contains("HS512"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ProofOfWorkKey.of(sessionWith(new KeyWrapper()), REALM));
    }
}

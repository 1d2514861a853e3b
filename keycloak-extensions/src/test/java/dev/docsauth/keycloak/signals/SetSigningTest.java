package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.keycloak.crypto.AsymmetricSignatureSignerContext;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.docsauth.keycloak.Fake;

/** A SET signed as a receiver checks it: JWS compact, {@code typ: secevent+jwt}, the realm's key id, RS256. */
class SetSigningTest {

    static final KeyPair PAIR = keyPair();

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The realm's active key as Keycloak's signature provider hands it out. */
    static SignatureProvider signatureProvider() {
        KeyWrapper key = new KeyWrapper();
        key.setKid("realm-key-1");
        key.setAlgorithm("RS256");
        key.setUse(KeyUse.SIG);
        key.setPrivateKey(PAIR.getPrivate());
        key.setPublicKey(PAIR.getPublic());
        return Fake.of(SignatureProvider.class, Map.of("signer", a -> new AsymmetricSignatureSignerContext(key)));
    }

    @Test
    void aSetIsSignedByTheRealmsActiveKeyWithTypSeceventJwt() throws Exception {
        KeyPair pair = PAIR;

        AtomicReference<RealmModel> contextRealm = new AtomicReference<>();
        AtomicReference<String> algorithm = new AtomicReference<>();
        KeycloakContext context = Fake.of(KeycloakContext.class, Map.of("setRealm", a -> {
            contextRealm.set((RealmModel) a[0]);
            return null;
        }));
        SignatureProvider provider = signatureProvider();
        KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("getContext", a -> context, "getProvider", a -> {
            algorithm.set((String) a[1]);
            return provider;
        }));
        RealmModel realm = Fake.of(RealmModel.class, Map.of("getDefaultSignatureAlgorithm", a -> null));

        String claims = "{\"iss\":\"http://localhost:8080/realms/docs\",\"jti\":\"j-1\"}";
        String set = SignalDelivery.sign(session, realm, claims);

        assertSame(realm, contextRealm.get(), "the realm's keys: the signer reads the context's realm");
        assertEquals("RS256", algorithm.get(), "RS256 when the realm names no default algorithm");
        String[] parts = set.split("\\.");
        assertEquals(3, parts.length);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        Map<?, ?> header = JsonSerialization.readValue(b64.decode(parts[0]), Map.class);
        assertEquals(Map.of("alg", "RS256", "typ", "secevent+jwt", "kid", "realm-key-1"), header);
        assertEquals(claims, new String(b64.decode(parts[1]), StandardCharsets.UTF_8), "the stored claims, byte for byte");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(b64.decode(parts[2])));

        RealmModel es256 = Fake.of(RealmModel.class, Map.of("getDefaultSignatureAlgorithm", a -> "PS256"));
        SignalDelivery.sign(session, es256, claims);
        assertEquals("PS256", algorithm.get(), "the realm's own default algorithm when it names one");
    }
}

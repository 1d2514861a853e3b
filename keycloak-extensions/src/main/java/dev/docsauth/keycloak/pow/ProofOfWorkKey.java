package dev.docsauth.keycloak.pow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The HMAC key that signs the realm's proof-of-work challenges (ALTCHA's {@code hmacKey}), derived from the realm's
 * active HMAC signing key (Keycloak's {@code hmac-generated-hs512} key provider, made at realm creation and kept in
 * the database). So no secret of ours is configured or committed, every node of a cluster derives the same key, and
 * rotating the realm's keys rotates this one: a challenge issued before the rotation then fails, as if expired.
 *
 * <p>Derivation: HMAC-SHA-256 (RFC 2104) under the realm's key of the fixed label {@value #LABEL}, as lowercase
 * hexadecimal (64 characters); the label keeps the derived key apart from the realm key's other uses (tokens).
 */
public final class ProofOfWorkKey {

    static final String LABEL = "docs-auth proof-of-work challenge key v1";

    private ProofOfWorkKey() {
    }

    /**
     * @return the realm's challenge key, 64 hexadecimal characters
     * @throws IllegalStateException when the realm has no active HS512 key (its key providers were removed)
     */
    public static String of(KeycloakSession session, RealmModel realm) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("realm " + realm.getName() + " has no active HS512 key to derive the"
                    + " proof-of-work key from");
        }
        return derive(key.getSecretKey());
    }

    static String derive(SecretKey realmKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(realmKey.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}

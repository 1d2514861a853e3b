package dev.docsauth.it;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A DPoP key pair of one browser (RFC 9449): an ES256 key whose public part travels in each proof's header, as
 * oidc-client-ts makes them for the docs site.
 */
final class DPoP {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final KeyPair keys;

    private DPoP(KeyPair keys) {
        this.keys = keys;
    }

    static DPoP create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new DPoP(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a JWK, members in the order of RFC 7638 §3.2 (so its JSON is the thumbprint input). */
    private Map<String, String> jwk() {
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("crv", "P-256");
        jwk.put("kty", "EC");
        jwk.put("x", B64.encodeToString(coordinate(pub.getW().getAffineX())));
        jwk.put("y", B64.encodeToString(coordinate(pub.getW().getAffineY())));
        return jwk;
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    /** The JWK SHA-256 thumbprint (RFC 7638) that Keycloak puts in a bound token's {@code cnf.jkt}. */
    String thumbprint() {
        try {
            byte[] input = Json.MAPPER.writeValueAsString(jwk()).getBytes(StandardCharsets.UTF_8);
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof for one request: {@code htm} the HTTP method, {@code htu} the URL without query (RFC 9449 §4.2). */
    String proof(String htm, String htu) {
        try {
            String header = B64.encodeToString(Json.MAPPER.writeValueAsBytes(
                    Map.of("typ", "dpop+jwt", "alg", "ES256", "jwk", jwk())));
            String claims = B64.encodeToString(Json.MAPPER.writeValueAsBytes(Map.of("jti", UUID.randomUUID().toString(),
                    "htm", htm, "htu", htu, "iat", Instant.now().getEpochSecond())));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + B64.encodeToString(signer.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proof for the realm's token endpoint. */
    String tokenEndpointProof() {
        return proof("POST", Stack.TOKEN_ENDPOINT);
    }
}

package dev.docsauth.keycloak.argon2;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import static dev.docsauth.keycloak.argon2.Argon2Settings.HASH_LENGTH_KEY;
import static dev.docsauth.keycloak.argon2.Argon2Settings.MEMORY_KEY;
import static dev.docsauth.keycloak.argon2.Argon2Settings.PARALLELISM_KEY;
import static dev.docsauth.keycloak.argon2.Argon2Settings.TYPE_KEY;
import static dev.docsauth.keycloak.argon2.Argon2Settings.VERSION_KEY;

import org.bouncycastle.util.Strings;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.Salt;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordCredentialData;
import org.keycloak.models.credential.dto.PasswordSecretData;

/**
 * Keycloak's Argon2 password hashing, computed by an {@link Argon2Engine}: the same parameters, the same stored
 * credential (algorithm {@code argon2}, the same additional parameters, Base64 of the raw hash), so hashes move
 * freely between this provider and Keycloak's own, in both directions.
 */
public final class NativeArgon2PasswordHashProvider implements PasswordHashProvider {

    private static final Map<String, Integer> TYPES =
            Map.of("d", Argon2Engine.TYPE_D, "i", Argon2Engine.TYPE_I, "id", Argon2Engine.TYPE_ID);
    private static final Map<String, Integer> VERSIONS =
            Map.of("1.0", Argon2Engine.VERSION_10, "1.3", Argon2Engine.VERSION_13);

    private final Argon2Settings settings;
    private final Semaphore cpuCores;
    private final Argon2Engine engine;

    public NativeArgon2PasswordHashProvider(Argon2Settings settings, Semaphore cpuCores, Argon2Engine engine) {
        this.settings = settings;
        this.cpuCores = cpuCores;
        this.engine = engine;
    }

    @Override
    public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
        PasswordCredentialData data = credential.getPasswordCredentialData();
        MultivaluedHashMap<String, String> parameters = data.getAdditionalParameters();
        return settings.iterations() == data.getHashIterations() && settings.credentialParameters().entrySet()
                .stream().allMatch(p -> p.getValue().equals(parameters.getFirst(p.getKey())));
    }

    /** Like Keycloak's: the policy's iteration count is ignored unless small (its default, 210,000, is PBKDF2's). */
    @Override
    public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
        int t = iterations == -1 || iterations > 100 ? settings.iterations() : iterations;
        byte[] salt = Salt.generateSalt();
        String encoded = encode(rawPassword, salt, settings.version(), settings.type(), settings.hashLength(),
                settings.parallelism(), settings.memory(), t);
        Map<String, List<String>> parameters = new HashMap<>();
        settings.credentialParameters().forEach((key, value) -> parameters.put(key, List.of(value)));
        return PasswordCredentialModel.createFromValues(NativeArgon2PasswordHashProviderFactory.ID, salt, t,
                parameters, encoded);
    }

    @Override
    public boolean verify(String rawPassword, PasswordCredentialModel credential) {
        PasswordCredentialData data = credential.getPasswordCredentialData();
        MultivaluedHashMap<String, String> parameters = data.getAdditionalParameters();
        PasswordSecretData secret = credential.getPasswordSecretData();
        String encoded = encode(rawPassword, secret.getSalt(), parameters.getFirst(VERSION_KEY),
                parameters.getFirst(TYPE_KEY), Integer.parseInt(parameters.getFirst(HASH_LENGTH_KEY)),
                Integer.parseInt(parameters.getFirst(PARALLELISM_KEY)),
                Integer.parseInt(parameters.getFirst(MEMORY_KEY)), data.getHashIterations());
        // Constant time, unlike a String comparison.
        return MessageDigest.isEqual(Strings.toByteArray(encoded), Strings.toByteArray(secret.getValue()));
    }

    @Override
    public String credentialHashingStrength(PasswordCredentialModel credential) {
        MultivaluedHashMap<String, String> parameters = credential.getPasswordCredentialData().getAdditionalParameters();
        return Argon2Settings.strength(parameters.getFirst(TYPE_KEY), parameters.getFirst(VERSION_KEY),
                parameters.getFirst(MEMORY_KEY), credential.getPasswordCredentialData().getHashIterations(),
                parameters.getFirst(PARALLELISM_KEY));
    }

    private String encode(String rawPassword, byte[] salt, String version, String type, int hashLength,
                          int parallelism, int memory, int iterations) {
        Integer typeValue = TYPES.get(type);
        Integer versionValue = VERSIONS.get(version);
        if (typeValue == null || versionValue == null) {
            throw new IllegalArgumentException("Argon2: unknown type " + type + " or version " + version);
        }
        // BouncyCastle's UTF-8 encoding of the chars, as Keycloak's provider hashes them.
        byte[] password = Strings.toUTF8ByteArray(rawPassword.toCharArray());
        try {
            cpuCores.acquire(); // as Keycloak: at most one hash per core at once, each holding `memory` KiB
            try {
                return Base64.getEncoder().encodeToString(engine.hash(typeValue, versionValue, iterations, memory,
                        parallelism, password, salt, hashLength));
            } finally {
                cpuCores.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public void close() {
    }
}

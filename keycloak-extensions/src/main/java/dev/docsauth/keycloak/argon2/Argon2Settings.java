package dev.docsauth.keycloak.argon2;

import java.util.Map;

import org.keycloak.Config;

/** The hashing parameters, read from the same options as Keycloak's own provider, with its defaults. */
public record Argon2Settings(String version, String type, int hashLength, int memory, int iterations,
                             int parallelism) {

    static final String TYPE_KEY = "type";
    static final String VERSION_KEY = "version";
    static final String HASH_LENGTH_KEY = "hashLength";
    static final String MEMORY_KEY = "memory";
    static final String PARALLELISM_KEY = "parallelism";

    public static final Argon2Settings KEYCLOAK_DEFAULTS = new Argon2Settings("1.3", "id", 32, 7168, 5, 1);

    /** {@code --spi-password-hashing--argon2--memory=...} and its siblings, as Keycloak reads them. */
    public static Argon2Settings from(Config.Scope config) {
        Argon2Settings d = KEYCLOAK_DEFAULTS;
        return new Argon2Settings(
                config.get(VERSION_KEY, d.version()),
                config.get(TYPE_KEY, d.type()),
                config.getInt(HASH_LENGTH_KEY, d.hashLength()),
                config.getInt(MEMORY_KEY, d.memory()),
                config.getInt("iterations", d.iterations()),
                config.getInt(PARALLELISM_KEY, d.parallelism()));
    }

    /** The credential's additional parameters, as Keycloak stores them (iterations are stored apart). */
    Map<String, String> credentialParameters() {
        return Map.of(VERSION_KEY, version, TYPE_KEY, type, HASH_LENGTH_KEY, String.valueOf(hashLength),
                MEMORY_KEY, String.valueOf(memory), PARALLELISM_KEY, String.valueOf(parallelism));
    }

    /** Keycloak's wording of a hash's strength, e.g. {@code Argon2id-1.3[m=7168,t=5,p=1]}. */
    String strength() {
        return strength(type, version, String.valueOf(memory), iterations, String.valueOf(parallelism));
    }

    static String strength(String type, String version, String memory, int iterations, String parallelism) {
        return String.format("Argon2%s-%s[m=%s,t=%d,p=%s]", type, version, memory, iterations, parallelism);
    }
}

package dev.docsauth.keycloak.argon2;

import org.keycloak.Config;

/** The hashing parameters, read from the same options as Keycloak's own provider, with its defaults. */
public record Argon2Settings(String version, String type, int hashLength, int memory, int iterations,
                             int parallelism) {

    public static final Argon2Settings KEYCLOAK_DEFAULTS = new Argon2Settings("1.3", "id", 32, 7168, 5, 1);

    /** {@code --spi-password-hashing--argon2--memory=...} and its siblings, as Keycloak reads them. */
    public static Argon2Settings from(Config.Scope config) {
        Argon2Settings d = KEYCLOAK_DEFAULTS;
        return new Argon2Settings(
                config.get("version", d.version()),
                config.get("type", d.type()),
                config.getInt("hashLength", d.hashLength()),
                config.getInt("memory", d.memory()),
                config.getInt("iterations", d.iterations()),
                config.getInt("parallelism", d.parallelism()));
    }
}

package dev.docsauth.keycloak.config;

import org.keycloak.Config;

/** A whole-number option of one of our providers that must be 1 or more (counts, seconds). */
public final class PositiveOption {

    private PositiveOption() {
    }

    /**
     * The option {@code name} of {@code config}, or {@code fallback} when unset.
     *
     * @param prefix the option's prefix as an operator writes it, e.g. {@code spi-docs-mail-flood-limit--default--},
     *               for the error message
     * @throws IllegalArgumentException when the value is below 1, so a wrong setting stops Keycloak's start
     */
    public static int read(Config.Scope config, String prefix, String name, int fallback) {
        Integer value = config.getInt(name, fallback);
        if (value == null || value < 1) {
            throw new IllegalArgumentException(prefix + name + " must be 1 or more, not " + value);
        }
        return value;
    }
}

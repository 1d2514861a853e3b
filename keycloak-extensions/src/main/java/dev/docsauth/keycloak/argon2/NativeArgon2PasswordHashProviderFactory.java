package dev.docsauth.keycloak.argon2;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Takes over Keycloak's {@code argon2} password hashing (same id, higher order): the same options, defaults and
 * stored format, computed natively when the library loads (see {@link NativeArgon2Engine}), else by BouncyCastle
 * exactly as Keycloak's own provider does. {@code --spi-password-hashing--argon2--native=false} forces the latter.
 */
public class NativeArgon2PasswordHashProviderFactory
        implements PasswordHashProviderFactory, EnvironmentDependentProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "argon2";
    /** Keycloak's own argon2 factory has order 300; for the same id the higher order wins. */
    static final int ORDER = 301;

    private Argon2Settings settings = Argon2Settings.KEYCLOAK_DEFAULTS;
    private Semaphore cpuCores;
    private Argon2Engine engine;

    @Override
    public void init(Config.Scope config) {
        settings = Argon2Settings.from(config);
        cpuCores = new Semaphore(config.getInt("cpuCores", Runtime.getRuntime().availableProcessors()));
        engine = config.getBoolean("native", true)
                ? NativeArgon2Engine.load().<Argon2Engine>map(e -> e).orElseGet(BouncyCastleArgon2Engine::new)
                : new BouncyCastleArgon2Engine();
    }

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new NativeArgon2PasswordHashProvider(settings, cpuCores, engine);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("engine", engine.description(), "parameters", settings.strength());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("native").type("boolean").defaultValue(true)
                .helpText("Hash with the native Argon2 library shipped in the docs-auth jar when it loads; "
                        + "false: BouncyCastle's Java, as Keycloak's own provider.").add()
                .property().name("version").type("string").defaultValue("1.3").helpText("Argon2 version").add()
                .property().name("type").type("string").defaultValue("id").helpText("Argon2 type: id, d or i").add()
                .property().name("hashLength").type("int").defaultValue(32).helpText("Hash length in bytes").add()
                .property().name("memory").type("int").defaultValue(7168).helpText("Memory in KiB").add()
                .property().name("iterations").type("int").defaultValue(5).helpText("Iterations").add()
                .property().name("parallelism").type("int").defaultValue(1).helpText("Lanes").add()
                .property().name("cpuCores").type("int")
                .helpText("Hashes computed at once (default: the available processors)").add()
                .build();
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return !Profile.isFeatureEnabled(Profile.Feature.FIPS); // as Keycloak's: no Argon2 in FIPS mode
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

package dev.docsauth.keycloak.export;

import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import io.github.bucket4j.TimeMeter;

/**
 * The reader's export, {@code /realms/{realm}/data-export/me} (SPI {@code realm-restapi-extension}, id
 * {@value #ID}). Options: {@code requests} (exports per reader at once, default 10) and {@code window} (seconds in
 * which they refill, default 3600), e.g. {@code --spi-realm-restapi-extension--data-export--requests=10}.
 */
public class DataExportResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "data-export";
    static final int DEFAULT_REQUESTS = 10;
    static final int DEFAULT_WINDOW_SECONDS = 3600;

    private ExportRateLimit limit = new ExportRateLimit(DEFAULT_REQUESTS, Duration.ofSeconds(DEFAULT_WINDOW_SECONDS),
            TimeMeter.SYSTEM_MILLISECONDS);

    @Override
    public DataExportResourceProvider create(KeycloakSession session) {
        return new DataExportResourceProvider(session, limit);
    }

    /** @throws IllegalArgumentException when an option is below 1, so a wrong setting stops the start */
    @Override
    public void init(Config.Scope config) {
        int requests = positive(config, "requests", DEFAULT_REQUESTS);
        int window = positive(config, "window", DEFAULT_WINDOW_SECONDS);
        limit = new ExportRateLimit(requests, Duration.ofSeconds(window), TimeMeter.SYSTEM_MILLISECONDS);
    }

    private static int positive(Config.Scope config, String name, int fallback) {
        Integer value = config.getInt(name, fallback);
        if (value == null || value < 1) {
            throw new IllegalArgumentException("spi-realm-restapi-extension--data-export--" + name + " must be 1 or more, not " + value);
        }
        return value;
    }

    ExportRateLimit limit() {
        return limit;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("requests").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_REQUESTS)
                .helpText("Exports each reader may ask for at once (the bucket's size)").add()
                .property().name("window").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_WINDOW_SECONDS)
                .helpText("Seconds in which a reader's whole allowance refills").add()
                .build();
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

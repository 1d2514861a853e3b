package dev.docsauth.keycloak.export;

import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import io.github.bucket4j.TimeMeter;

/**
 * The reader's export, {@code /realms/{realm}/data-export/me} (SPI {@code realm-restapi-extension}, id
 * {@value #ID}). Options: {@code requests} (exports per reader at once, default 10) and {@code window} (seconds in
 * which they refill, default 3600), e.g. {@code --spi-realm-restapi-extension--data-export--requests=10}.
 */
public class DataExportResourceProviderFactory implements RealmResourceProviderFactory {

    private static final String PREFIX = "spi-realm-restapi-extension--data-export--";
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
        limit = ExportRateLimit.fromOptions(config, PREFIX, DEFAULT_REQUESTS, DEFAULT_WINDOW_SECONDS);
    }

    ExportRateLimit limit() {
        return limit;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ExportRateLimit.options("reader", DEFAULT_REQUESTS, DEFAULT_WINDOW_SECONDS);
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

package dev.docsauth.keycloak.export;

import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

import io.github.bucket4j.TimeMeter;

/**
 * An admin's export of a reader, {@code /admin/realms/{realm}/data-export/users/{id}} (SPI
 * {@code admin-realm-restapi-extension}, id {@value #ID}): {@link AdminDataExportResourceProvider}. Options:
 * {@code requests} (exports per admin at once, default 30) and {@code window} (seconds in which they refill, default
 * 3600), e.g. {@code --spi-admin-realm-restapi-extension--data-export--requests=30}: an admin answering readers'
 * requests one by one is not held back, and a stolen admin token cannot copy the realm's readers out at speed.
 */
public class AdminDataExportResourceProviderFactory implements AdminRealmResourceProviderFactory {

    private static final String PREFIX = "spi-admin-realm-restapi-extension--data-export--";
    public static final String ID = "data-export";
    static final int DEFAULT_REQUESTS = 30;
    static final int DEFAULT_WINDOW_SECONDS = 3600;

    private ExportRateLimit limit = new ExportRateLimit(DEFAULT_REQUESTS, Duration.ofSeconds(DEFAULT_WINDOW_SECONDS),
            TimeMeter.SYSTEM_MILLISECONDS);

    @Override
    public AdminDataExportResourceProvider create(KeycloakSession session) {
        return new AdminDataExportResourceProvider(limit);
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
        return ExportRateLimit.options("admin", DEFAULT_REQUESTS, DEFAULT_WINDOW_SECONDS);
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

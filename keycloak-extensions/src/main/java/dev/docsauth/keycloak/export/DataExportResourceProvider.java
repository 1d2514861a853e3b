package dev.docsauth.keycloak.export;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves {@link ReaderExportResource} under {@code /realms/{realm}/data-export}. */
public class DataExportResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final ExportRateLimit limit;

    DataExportResourceProvider(KeycloakSession session, ExportRateLimit limit) {
        this.session = session;
        this.limit = limit;
    }

    @Override
    public Object getResource() {
        return new ReaderExportResource(session, limit);
    }

    @Override
    public void close() {
    }
}

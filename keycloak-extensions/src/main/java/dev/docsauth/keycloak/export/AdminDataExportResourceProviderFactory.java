package dev.docsauth.keycloak.export;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/**
 * An admin's export of a reader, {@code /admin/realms/{realm}/data-export/users/{id}} (SPI
 * {@code admin-realm-restapi-extension}, id {@value #ID}): {@link AdminDataExportResourceProvider}, stateless, one for all.
 */
public class AdminDataExportResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "data-export";

    private static final AdminDataExportResourceProvider PROVIDER = new AdminDataExportResourceProvider();

    @Override
    public AdminDataExportResourceProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
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

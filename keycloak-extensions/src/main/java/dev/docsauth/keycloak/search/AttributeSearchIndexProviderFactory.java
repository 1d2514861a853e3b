package dev.docsauth.keycloak.search;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link AttributeSearchIndexProvider}'s changelog with Keycloak's JPA schema updater. */
public class AttributeSearchIndexProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "docs-attribute-search-index";

    private static final AttributeSearchIndexProvider PROVIDER = new AttributeSearchIndexProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
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

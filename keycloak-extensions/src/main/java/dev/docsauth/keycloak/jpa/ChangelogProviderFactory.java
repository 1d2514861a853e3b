package dev.docsauth.keycloak.jpa;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** A JPA entity provider factory of ours: one id, one changelog, its entities; no options. */
public abstract class ChangelogProviderFactory implements JpaEntityProviderFactory {

    private final ChangelogProvider provider;

    protected ChangelogProviderFactory(String id, String changelog, List<Class<?>> entities) {
        this.provider = new ChangelogProvider(List.copyOf(entities), changelog, id);
    }

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return provider;
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
        return provider.factoryId();
    }
}

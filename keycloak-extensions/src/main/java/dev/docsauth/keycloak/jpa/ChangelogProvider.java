package dev.docsauth.keycloak.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/**
 * What one of our JPA entity providers hands Keycloak's JPA layer: its entities (possibly none) and the Liquibase
 * changelog that Keycloak's schema updater runs once per database at start.
 *
 * @param entities  JPA entity classes
 * @param changelog the changelog's resource path in the jar
 * @param factoryId the id of the factory that made it
 */
public record ChangelogProvider(List<Class<?>> entities, String changelog, String factoryId) implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return entities;
    }

    @Override
    public String getChangelogLocation() {
        return changelog;
    }

    @Override
    public String getFactoryId() {
        return factoryId;
    }

    @Override
    public void close() {
    }
}

package dev.docsauth.keycloak.search;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/**
 * No entities of its own: it only hands Keycloak's schema updater a changelog with one index.
 *
 * <p>Keycloak searches users by attribute with {@code name = ? and lower(value) = ?}. No index serves
 * {@code lower(value)}, so PostgreSQL has no statistics for it, guesses a handful of matches and walks every
 * user holding the attribute (for {@code q=experienceLevel:advanced} at 10,000 accounts: a third of them,
 * twice per request). An index on {@code (name, lower(value))} gives the planner those statistics.
 */
public class AttributeSearchIndexProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/docs-attribute-search-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of();
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return AttributeSearchIndexProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}

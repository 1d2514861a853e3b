package dev.docsauth.keycloak.search;

import java.util.List;

import dev.docsauth.keycloak.jpa.ChangelogProviderFactory;

/**
 * JPA entity provider {@value #ID}: no entities of its own, only a changelog with one index for Keycloak's schema
 * updater.
 *
 * <p>Keycloak searches users by attribute with {@code name = ? and lower(value) = ?}. No index serves
 * {@code lower(value)}, so PostgreSQL has no statistics for it, guesses a handful of matches and walks every
 * user holding the attribute (for {@code q=experienceLevel:advanced} at 10,000 accounts: a third of them,
 * twice per request). An index on {@code (name, lower(value))} gives the planner those statistics.
 */
public class AttributeSearchIndexProviderFactory extends ChangelogProviderFactory {

    public static final String ID = "docs-attribute-search-index";
    static final String CHANGELOG = "META-INF/docs-attribute-search-changelog.xml";

    public AttributeSearchIndexProviderFactory() {
        super(ID, CHANGELOG, List.of());
    }
}

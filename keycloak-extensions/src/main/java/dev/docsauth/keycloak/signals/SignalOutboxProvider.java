package dev.docsauth.keycloak.signals;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Hands Keycloak's JPA layer the outbox entity and its changelog (table {@code DOCS_SIGNAL_OUTBOX}). */
public class SignalOutboxProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/docs-signals-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(SignalOutboxEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return SignalOutboxProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}

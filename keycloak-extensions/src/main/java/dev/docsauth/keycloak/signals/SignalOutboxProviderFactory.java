package dev.docsauth.keycloak.signals;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** JPA entity provider {@value #ID}: registers {@link SignalOutboxProvider} with Keycloak's JPA layer. */
public class SignalOutboxProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "docs-signal-outbox";

    private static final SignalOutboxProvider PROVIDER = new SignalOutboxProvider();

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

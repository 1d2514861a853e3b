package dev.docsauth.keycloak.audit;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;

import io.micrometer.core.instrument.Metrics;

/**
 * Event listener {@code docs-audit}: one JSON line per sign-up, sign-in, failed sign-in, sign-out and profile
 * update, and the fact of each account deletion, on the log category {@code docs.audit}, and the cohort meters on
 * Keycloak's own registry; a deleted reader's stored events are erased ({@link StoredEventsErasure}). Enable it per
 * realm with {@code "eventsListeners": ["docs-audit", ...]}.
 */
public class DocsAuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "docs-audit";
    public static final String LOG_CATEGORY = "docs.audit";

    private static final Logger AUDIT_LOG = Logger.getLogger(LOG_CATEGORY);

    private CohortMeters meters;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new DocsAuditEventListenerProvider(session, this::emit);
    }

    private void emit(AuditEvent event) {
        AUDIT_LOG.info(AuditLogLine.of(event));
        meters.count(event);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Keycloak (Quarkus) adds its Prometheus registry to Micrometer's global registry, which /metrics serves.
        meters = new CohortMeters(Metrics.globalRegistry);
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed
                    && removed.getRealm().getEventsListenersStream().anyMatch(ID::equals)) {
                StoredEventsErasure.afterCommit(removed.getKeycloakSession(), removed.getRealm().getId(), removed.getUser().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}

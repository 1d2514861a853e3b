package dev.docsauth.keycloak.mail;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener {@value #ID}: when a reader's address changes (Keycloak's {@code UPDATE_EMAIL} event once the new
 * address is confirmed, or any user event with the details {@code previous_email} and {@code updated_email}), the
 * previous address is told, by a mail of the realm's email theme ({@code email-changed.ftl}, subject
 * {@code emailChangedSubject}), sent once the change has committed. Enable it per realm in {@code eventsListeners}.
 */
public class EmailChangeNoticeListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "docs-email-change-notice";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EmailChangeNoticeListenerProvider(session);
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

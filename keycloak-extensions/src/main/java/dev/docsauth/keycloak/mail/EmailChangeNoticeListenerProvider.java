package dev.docsauth.keycloak.mail;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.docsauth.keycloak.transaction.AfterCommitTransaction;

/**
 * See {@link EmailChangeNoticeListenerProviderFactory}. The notice is rendered after the commit in the request
 * (the reader's language, the realm's theme) and handed to the realm's mail sender, which sends it in the
 * background when the request is part of a reader's flow.
 */
public class EmailChangeNoticeListenerProvider implements EventListenerProvider {

    static final String TEMPLATE = "email-changed.ftl";
    static final String SUBJECT = "emailChangedSubject";
    private static final Logger LOG = Logger.getLogger(EmailChangeNoticeListenerProvider.class);

    private final KeycloakSession session;

    public EmailChangeNoticeListenerProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails();
        String previous = previousAddress(details);
        if (previous == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        AfterCommitTransaction<String> tx = new AfterCommitTransaction<>(address -> tell(realm, user, address));
        tx.add(previous);
        session.getTransactionManager().enlistAfterCompletion(tx);
    }

    /**
     * The address to tell: the previous one, when the event's details show the address changed (letter case
     * aside); otherwise {@code null}.
     */
    static String previousAddress(Map<String, String> details) {
        if (details == null) {
            return null;
        }
        String previous = details.get(Details.PREVIOUS_EMAIL);
        String updated = details.get(Details.UPDATED_EMAIL);
        if (previous == null || previous.isBlank() || updated == null
                || previous.toLowerCase(Locale.ROOT).equals(updated.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return previous;
    }

    private void tell(RealmModel realm, UserModel user, String previous) {
        String realmName = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(SUBJECT, List.of(realmName), TEMPLATE, new HashMap<>(Map.of("realmName", realmName)), previous);
        } catch (EmailException | RuntimeException e) {
            // Never the address: the exception's message may hold it.
            LOG.warnf("The notice of an address change could not be sent (%s)", e.getClass().getSimpleName());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
    }

    @Override
    public void close() {
    }
}

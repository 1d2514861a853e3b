package dev.docsauth.keycloak.signals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

import dev.docsauth.keycloak.transaction.AfterCommitTransaction;

/**
 * Writes signals into {@code DOCS_SIGNAL_OUTBOX}, one row per receiver, through the session's own
 * {@code EntityManager}: in the transaction of the change, so a change that commits has its rows and one that
 * rolls back has none. Once the transaction has committed, it nudges the delivery on this node.
 */
final class SignalOutbox {

    private static final Logger LOG = Logger.getLogger(SignalOutbox.class);
    private static final String SEEN = SignalOutbox.class.getName() + ".seen";
    private static final String NUDGED = SignalOutbox.class.getName() + ".nudged";

    private final List<Receiver> receivers;
    private final Runnable nudge;

    private final BiFunction<KeycloakSession, RealmModel, String> issuers;

    SignalOutbox(List<Receiver> receivers, Runnable nudge) {
        this(receivers, nudge, SignalOutbox::issuer);
    }

    /** @param issuers the realm's issuer as the request shows it, or {@code null} outside a request */
    SignalOutbox(List<Receiver> receivers, Runnable nudge, BiFunction<KeycloakSession, RealmModel, String> issuers) {
        this.receivers = List.copyOf(receivers);
        this.nudge = nudge;
        this.issuers = issuers;
    }

    /**
     * Adds the rows of {@code event} for every receiver, unless the same signal was already added in this
     * transaction. The issuer is captured now, from the request's front-end URL, as the tokens have it; a change
     * made outside a request (a background task of Keycloak's) has none and is not signalled, with a warning.
     */
    void add(KeycloakSession session, RealmModel realm, SecurityEvent event) {
        if (receivers.isEmpty() || !seen(session).add(event.dedupKey())) {
            return;
        }
        String issuer = issuers.apply(session, realm);
        if (issuer == null) {
            LOG.warnf("A %s outside a request is not signalled: no issuer", event.type());
            return;
        }
        persist(session, realm, issuer, event);
    }

    private void persist(KeycloakSession session, RealmModel realm, String issuer, SecurityEvent event) {
        long now = Time.currentTimeMillis();
        var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (Receiver receiver : receivers) {
            SignalOutboxEntity row = new SignalOutboxEntity();
            row.setId(UUID.randomUUID().toString());
            row.setReceiver(receiver.name());
            row.setRealmId(realm.getId());
            row.setClaims(json(event, issuer, receiver, row.getId(), now / 1000));
            row.setCreatedAt(now);
            row.setNextAttemptAt(now);
            em.persist(row);
        }
        if (session.getAttribute(NUDGED) == null) { // once per transaction: the delivery takes every due row
            session.setAttribute(NUDGED, Boolean.TRUE);
            AfterCommitTransaction<Runnable> afterCommit = new AfterCommitTransaction<>(Runnable::run);
            afterCommit.add(nudge);
            session.getTransactionManager().enlistAfterCompletion(afterCommit);
        }
    }

    /** The realm's issuer as in its tokens, or {@code null} outside a request. */
    static String issuer(KeycloakSession session, RealmModel realm) {
        try {
            return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        } catch (RuntimeException e) {
            return null; // no request: no URI (null, or Quarkus' inactive request context)
        }
    }

    /**
     * Jackson with its defaults: nulls are written. Keycloak's {@code JsonSerialization} leaves them out, which made a
     * removed attribute's {@code token-claims-change} (its new value null, e.g. a consent withdrawn) say {@code "claims": {}}.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper CLAIMS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String json(SecurityEvent event, String issuer, Receiver receiver, String jti, long iat) {
        try {
            return CLAIMS_JSON.writeValueAsString(event.claims(issuer, receiver.audience(), jti, iat));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a SET's claims could not be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> seen(KeycloakSession session) {
        Set<String> seen = (Set<String>) session.getAttribute(SEEN);
        if (seen == null) {
            seen = new HashSet<>();
            session.setAttribute(SEEN, seen);
        }
        return seen;
    }
}

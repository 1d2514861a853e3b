package dev.docsauth.keycloak.signals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Delivers the due rows of {@code DOCS_SIGNAL_OUTBOX}: signs each SET with the realm's active key
 * ({@code typ: secevent+jwt}), pushes it, deletes the row on 2xx, and otherwise sets its next attempt by the
 * backoff. Safe with several nodes on one database: a batch is taken with {@code FOR UPDATE SKIP LOCKED} and held
 * locked until its transaction ends, so no two nodes push the same row at once. At least once: a node killed
 * after a push and before its commit leaves the row, which is pushed again with the same {@code jti}. A row that
 * still fails once it is older than {@code giveUpAfterMillis} is dropped with a warning (a receiver refusing for
 * good, or gone for days, must not keep the outbox growing).
 */
final class SignalDelivery {

    static final String TYPE = "secevent+jwt";
    private static final Logger LOG = Logger.getLogger(SignalDelivery.class);
    private static final String DUE = "SELECT * FROM DOCS_SIGNAL_OUTBOX WHERE NEXT_ATTEMPT_AT <= ?1"
            + " ORDER BY NEXT_ATTEMPT_AT LIMIT ?2 FOR UPDATE SKIP LOCKED";

    private final KeycloakSessionFactory factory;
    private final Map<String, Receiver> receivers;
    private final Backoff backoff;
    private final SetPusher pusher;
    private final int batch;
    private final long giveUpAfterMillis;

    /** @param giveUpAfterMillis the age of a row (from the change) after which a failed push is its last, in ms */
    SignalDelivery(KeycloakSessionFactory factory, Map<String, Receiver> receivers, Backoff backoff, SetPusher pusher,
            int batch, long giveUpAfterMillis) {
        this.factory = factory;
        this.receivers = Map.copyOf(receivers);
        this.backoff = backoff;
        this.pusher = pusher;
        this.batch = batch;
        this.giveUpAfterMillis = giveUpAfterMillis;
    }

    /** Delivers batches until one comes back short: what is due now has had its attempt. */
    void drain() {
        while (drainBatch() == batch) {
            // the next batch
        }
    }

    /** @return the rows taken (delivered or not) */
    int drainBatch() {
        int[] taken = {0};
        KeycloakModelUtils.runJobInTransaction(factory, session ->
                taken[0] = deliverDue(session, session.getProvider(JpaConnectionProvider.class).getEntityManager()));
        return taken[0];
    }

    /**
     * One batch, in the caller's transaction: the due rows this node could lock, each pushed once. The pushes of a
     * batch go out together and are awaited together, so a burst of changes waits for the slowest answer of a
     * batch, not for the sum of them; the rows are then updated on this thread (the transaction's).
     */
    int deliverDue(KeycloakSession session, EntityManager em) {
        @SuppressWarnings("unchecked")
        List<SignalOutboxEntity> due = em.createNativeQuery(DUE, SignalOutboxEntity.class)
                .setParameter(1, Time.currentTimeMillis()).setParameter(2, batch).getResultList();
        Map<SignalOutboxEntity, CompletableFuture<String>> pushes = new LinkedHashMap<>();
        for (SignalOutboxEntity row : due) {
            Receiver receiver = receivers.get(row.getReceiver());
            RealmModel realm = session.realms().getRealm(row.getRealmId());
            if (receiver == null || realm == null) {
                LOG.warnf("Signal %s dropped: its %s no longer exists", row.getId(), receiver == null ? "receiver" : "realm");
                em.remove(row);
            } else {
                pushes.put(row, pusher.pushAsync(receiver, sign(session, realm, row.getClaims())));
            }
        }
        pushes.forEach((row, push) -> record(em, row, push.join()));
        return due.size();
    }

    /** Deletes a delivered row ({@code failure} null); otherwise sets its next attempt, or gives it up. */
    private void record(EntityManager em, SignalOutboxEntity row, String failure) {
        if (failure == null) {
            em.remove(row);
            return;
        }
        row.setAttempts(row.getAttempts() + 1);
        row.setLastError(failure);
        long age = Time.currentTimeMillis() - row.getCreatedAt();
        if (age >= giveUpAfterMillis) {
            LOG.warnf("Signal %s to receiver %s given up after %d attempts over %d s (last: %s); the receiver never"
                    + " got it", row.getId(), row.getReceiver(), row.getAttempts(), age / 1000, failure);
            em.remove(row);
            return;
        }
        row.setNextAttemptAt(Time.currentTimeMillis() + backoff.delayMillis(row.getAttempts()));
        LOG.infof("Signal %s to receiver %s not delivered (attempt %d: %s); next in %d ms", row.getId(),
                row.getReceiver(), row.getAttempts(), failure, row.getNextAttemptAt() - Time.currentTimeMillis());
    }

    /** JWS compact serialization of {@code claims}, signed by the realm's active key of its default algorithm (RS256 when unset). */
    static String sign(KeycloakSession session, RealmModel realm, String claims) {
        session.getContext().setRealm(realm);
        String algorithm = realm.getDefaultSignatureAlgorithm() == null ? Algorithm.RS256 : realm.getDefaultSignatureAlgorithm();
        SignatureSignerContext signer = session.getProvider(SignatureProvider.class, algorithm).signer();
        return new JWSBuilder().type(TYPE).kid(signer.getKid()).content(claims.getBytes(StandardCharsets.UTF_8)).sign(signer);
    }

    /** The receivers by name. */
    static Map<String, Receiver> byName(List<Receiver> receivers) {
        return receivers.stream().collect(java.util.stream.Collectors.toMap(Receiver::name, Function.identity()));
    }
}

package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;

import com.sun.net.httpserver.HttpServer;

import dev.docsauth.keycloak.Fake;

/** One batch of due rows against receivers on loopback (the JDK's HTTP server): what happens to each row. */
class SignalDeliveryTest {

    private static final long GIVE_UP_AFTER_MS = 60_000;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Object> removed = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();

    private Receiver receiver(String name, int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return new Receiver(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), name, "secret");
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static SignalOutboxEntity row(String id, String receiver, String realmId) {
        SignalOutboxEntity row = new SignalOutboxEntity();
        row.setId(id);
        row.setReceiver(receiver);
        row.setRealmId(realmId);
        row.setClaims("{\"jti\":\"" + id + "\"}");
        row.setCreatedAt(System.currentTimeMillis());
        row.setNextAttemptAt(1);
        return row;
    }

    private int deliver(List<Receiver> receivers, List<SignalOutboxEntity> due) {
        RealmModel realm = Fake.of(RealmModel.class, Map.of("getDefaultSignatureAlgorithm", a -> "RS256"));
        RealmProvider realms = Fake.of(RealmProvider.class, Map.of("getRealm", a -> "realm-1".equals(a[0]) ? realm : null));
        KeycloakContext context = Fake.of(KeycloakContext.class, Map.of("setRealm", a -> null));
        SignatureProvider signatures = SetSigningTest.signatureProvider();
        KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("realms", a -> realms, "getContext", a -> context,
                "getProvider", a -> signatures));
        Query[] query = new Query[1];
        query[0] = Fake.of(Query.class, Map.of("setParameter", a -> query[0], "getResultList", a -> due));
        EntityManager em = Fake.of(EntityManager.class, Map.of("createNativeQuery", a -> query[0], "remove", a -> removed.add(a[0])));
        return new SignalDelivery(null, SignalDelivery.byName(receivers), new Backoff(1000, 60_000),
                new SetPusher(Duration.ofSeconds(5)), 20, GIVE_UP_AFTER_MS).deliverDue(session, em);
    }

    @Test
    void aDeliveredRowIsDeletedAndARefusedOneWaitsForItsNextAttempt() throws IOException {
        SignalOutboxEntity ok = row("j-ok", "ok", "realm-1");
        SignalOutboxEntity refused = row("j-refused", "refused", "realm-1");
        long before = System.currentTimeMillis();

        assertEquals(2, deliver(List.of(receiver("ok", 202), receiver("refused", 503)), List.of(ok, refused)));

        assertEquals(List.of(ok), removed);
        assertEquals(1, refused.getAttempts());
        assertEquals("HTTP 503", refused.getLastError());
        assertTrue(refused.getNextAttemptAt() >= before + 1000, "the backoff's first wait");
        assertTrue(refused.getNextAttemptAt() <= System.currentTimeMillis() + 1000);
        assertEquals(2, bodies.size(), "each pushed once");
        assertTrue(bodies.stream().allMatch(b -> b.split("\\.").length == 3), "signed SETs");
        assertNull(ok.getLastError());
    }

    @Test
    void aRowWhoseReceiverOrRealmIsGoneIsDropped() throws IOException {
        SignalOutboxEntity noReceiver = row("j-1", "removed", "realm-1");
        SignalOutboxEntity noRealm = row("j-2", "ok", "realm-gone");

        assertEquals(2, deliver(List.of(receiver("ok", 202)), List.of(noReceiver, noRealm)));

        assertEquals(List.of(noReceiver, noRealm), removed);
        assertTrue(bodies.isEmpty(), "nothing pushed");
    }

    @Test
    void aRowStillRefusedWhenOlderThanTheLimitIsGivenUpAndAYoungerOneIsKept() throws IOException {
        SignalOutboxEntity old = row("j-old", "refused", "realm-1");
        old.setCreatedAt(System.currentTimeMillis() - GIVE_UP_AFTER_MS);
        old.setAttempts(11);
        SignalOutboxEntity young = row("j-young", "refused", "realm-1");
        young.setCreatedAt(System.currentTimeMillis() - GIVE_UP_AFTER_MS + 10_000);

        assertEquals(2, deliver(List.of(receiver("refused", 400)), List.of(old, young)));

        assertEquals(List.of(old), removed);
        assertEquals(12, old.getAttempts(), "pushed once more before giving up");
        assertEquals(1, young.getAttempts());
        assertEquals(2, bodies.size());
    }

    @Test
    void theSetsOfABatchArePushedTogether() throws Exception {
        // A receiver that answers 202 only once all three pushes are in at the same time: one after the other,
        // the first would wait for the others in vain and get 503.
        CountDownLatch allIn = new CountDownLatch(3);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(3));
        server.createContext("/", exchange -> {
            allIn.countDown();
            boolean together;
            try {
                together = allIn.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                together = false;
            }
            exchange.sendResponseHeaders(together ? 202 : 503, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        Receiver together = new Receiver("together", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                "together", "secret");
        List<SignalOutboxEntity> rows = List.of(row("j-a", "together", "realm-1"), row("j-b", "together", "realm-1"),
                row("j-c", "together", "realm-1"));

        assertEquals(3, deliver(List.of(together), rows));

        assertEquals(rows, removed, "all three delivered");
    }
}

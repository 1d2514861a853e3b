package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.provider.ProviderConfigProperty;

import dev.docsauth.keycloak.Fake;

class SignalsEventListenerProviderFactoryTest {

    private static Config.Scope scope(Map<String, String> options) {
        return Fake.of(Config.Scope.class, Map.of(
                "get", a -> a.length == 1 ? options.get((String) a[0]) : options.getOrDefault((String) a[0], (String) a[1]),
                "getLong", a -> options.containsKey((String) a[0]) ? Long.valueOf(options.get((String) a[0])) : (Long) a[1]));
    }

    @Test
    void theListenerHasItsIdAndDocumentsItsOptions() {
        SignalsEventListenerProviderFactory factory = new SignalsEventListenerProviderFactory();
        assertEquals("docs-signals", factory.getId());
        List<String> names = factory.getConfigMetadata().stream().map(ProviderConfigProperty::getName).toList();
        assertEquals(List.of("receivers", "claims", "retry-initial-ms", "retry-max-ms", "poll-interval-ms", "timeout-ms",
                "give-up-after-ms"), names);
        SignalOutboxProviderFactory outbox = new SignalOutboxProviderFactory();
        assertEquals("docs-signal-outbox", outbox.getId());
        assertEquals(List.of(SignalOutboxEntity.class), outbox.create(null).getEntities());
        assertEquals("META-INF/docs-signals-changelog.xml", outbox.create(null).getChangelogLocation());
        assertEquals("docs-signal-outbox", outbox.create(null).getFactoryId());
        outbox.init(null);
        outbox.postInit(null);
        outbox.create(null).close();
        outbox.close();
    }

    @Test
    void noReceiversStartsNothing() {
        SignalsEventListenerProviderFactory factory = new SignalsEventListenerProviderFactory();
        factory.init(scope(Map.of()));
        factory.close(); // no executor to stop
    }

    @Test
    void aWrongTimingStopsTheStartNamingTheOption() {
        Map<String, String> options = new HashMap<>(Map.of("retry-initial-ms", "0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SignalsEventListenerProviderFactory().init(scope(options)));
        assertTrue(e.getMessage().startsWith("spi-events-listener--docs-signals--retry-initial-ms"), e.getMessage());
        options.put("retry-initial-ms", "5000");
        options.put("retry-max-ms", "100");
        assertThrows(IllegalArgumentException.class, () -> new SignalsEventListenerProviderFactory().init(scope(options)));
    }

    @Test
    void everyTimingMayBeAsShortAsOneMillisecond() {
        SignalsEventListenerProviderFactory factory = new SignalsEventListenerProviderFactory();
        factory.init(scope(Map.of("retry-initial-ms", "1", "retry-max-ms", "1", "poll-interval-ms", "1",
                "timeout-ms", "1", "give-up-after-ms", "1")));
        factory.close();
    }

    @Test
    void outsideARequestThereIsNoIssuer() {
        KeycloakContext context = Fake.of(KeycloakContext.class, Map.of("getUri", a -> null));
        KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("getContext", a -> context));
        assertNull(SignalOutbox.issuer(session, null));
    }

    private static KeycloakSession sessionOf(SignalsEventListenerProviderFactory factory) {
        KeycloakSessionFactory sessions = Fake.of(KeycloakSessionFactory.class, Map.of("getProviderFactory", a -> factory));
        return Fake.of(KeycloakSession.class, Map.of("getKeycloakSessionFactory", a -> sessions));
    }

    private static RealmModel realmListening(String... listeners) {
        return Fake.of(RealmModel.class, Map.of("getEventsListenersStream", a -> java.util.stream.Stream.of(listeners)));
    }

    @Test
    void theWatchedClaimsAreTheOptionsNamesAndNoneWithoutTheListener() {
        SignalsEventListenerProviderFactory factory = new SignalsEventListenerProviderFactory();
        factory.init(scope(Map.of("claims", "experienceLevel, ,organization")));
        assertEquals(java.util.Set.of("experienceLevel", "organization"), SignalsEventListenerProviderFactory.claims(sessionOf(factory)));
        assertEquals(java.util.Set.of(), SignalsEventListenerProviderFactory.claims(sessionOf(null)));
        new SignalsEventListenerProviderFactory().init(scope(Map.of()));
    }

    @Test
    void theTransmitterServesOnlyARealmThatListsIt() {
        SignalsEventListenerProviderFactory factory = new SignalsEventListenerProviderFactory();
        factory.init(scope(Map.of()));
        assertTrue(SignalsEventListenerProviderFactory.in(sessionOf(factory), realmListening("docs-audit", "docs-signals")).isPresent());
        assertTrue(SignalsEventListenerProviderFactory.in(sessionOf(factory), realmListening("docs-audit")).isEmpty());
        assertTrue(SignalsEventListenerProviderFactory.in(sessionOf(factory), null).isEmpty());
        assertTrue(SignalsEventListenerProviderFactory.in(sessionOf(null), realmListening("docs-signals")).isEmpty());
    }

    @Test
    void withoutReceiversNoDeliveryRunsAndOnlyDeletionsOfListeningRealmsAreHeard() {
        SignalsEventListenerProviderFactory factory = new SignalsEventListenerProviderFactory();
        factory.init(scope(Map.of()));
        List<ProviderEventListener> registered = new java.util.ArrayList<>();
        Set<Thread> before = deliveryThreads();
        factory.postInit(Fake.of(KeycloakSessionFactory.class, Map.of("register", a -> registered.add((ProviderEventListener) a[0]))));
        Set<Thread> started = deliveryThreads();
        started.removeAll(before);
        assertEquals(Set.of(), started, "no delivery thread");
        assertEquals(1, registered.size(), "the deletion hook");
        registered.get(0).onEvent(Fake.of(ProviderEvent.class, Map.of()));
        registered.get(0).onEvent(Fake.of(UserModel.UserRemovedEvent.class, Map.of("getRealm", a -> realmListening("docs-audit"))));
        factory.close();
    }

    /** The live threads of the delivery's executor (named "docs-signals"). */
    private static Set<Thread> deliveryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("docs-signals"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}

package dev.docsauth.keycloak.signals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Event listener {@value #ID}: the transmitter of Shared Signals. When a reader's session ends, a credential
 * changes, a background attribute changes, or the account is disabled, enabled or deleted, it writes one Security
 * Event Token (RFC 8417; OpenID CAEP / RISC event types) per receiver into the outbox table
 * {@code DOCS_SIGNAL_OUTBOX}, in the transaction of the change, and pushes it (RFC 8935) once that has committed;
 * a background task on every node retries what failed, with exponential backoff, and what a crash left behind.
 * Enable it per realm in {@code eventsListeners}.
 *
 * <p>Options ({@code --spi-events-listener--docs-signals--<name>}, or {@code KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__<NAME>}):
 * {@code receivers} (comma-separated names; none: nothing is written), and for each name {@code <name>-url},
 * {@code <name>-audience}, {@code <name>-secret}; {@code claims} (the user-profile attributes whose change is a
 * {@code token-claims-change}); {@code retry-initial-ms} (1000), {@code retry-max-ms} (60000),
 * {@code poll-interval-ms} (1000), {@code timeout-ms} (5000), {@code give-up-after-ms} (259200000: 3 days).
 *
 * @throws IllegalArgumentException from {@link #init} when an option is missing or wrong: the start stops
 */
public class SignalsEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "docs-signals";
    static final String DEFAULT_CLAIMS = "experienceLevel,professionalRole,roleOther,organization,personalizationConsent";
    static final int BATCH = 20;
    static final long GIVE_UP_AFTER_MS = 3L * 24 * 60 * 60 * 1000;
    private static final Logger LOG = Logger.getLogger(SignalsEventListenerProviderFactory.class);

    private List<Receiver> receivers = List.of();
    private Set<String> claims = Set.of();
    private Backoff backoff;
    private long pollIntervalMillis;
    private Duration timeout;
    private long giveUpAfterMillis;
    private ScheduledExecutorService executor;
    private CoalescingTrigger trigger;
    private SignalDelivery delivery;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SignalsEventListenerProvider(session, new SignalOutbox(receivers, this::nudge));
    }

    @Override
    public void init(Config.Scope config) {
        receivers = Receiver.parse(config::get);
        claims = Arrays.stream(config.get("claims", DEFAULT_CLAIMS).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        backoff = new Backoff(positive(config, "retry-initial-ms", 1000), positive(config, "retry-max-ms", 60_000));
        pollIntervalMillis = positive(config, "poll-interval-ms", 1000);
        timeout = Duration.ofMillis(positive(config, "timeout-ms", 5000));
        giveUpAfterMillis = positive(config, "give-up-after-ms", GIVE_UP_AFTER_MS);
    }

    private static long positive(Config.Scope config, String name, long fallback) {
        Long value = config.getLong(name, fallback);
        if (value == null || value < 1) {
            throw new IllegalArgumentException("spi-events-listener--" + ID + "--" + name + " must be 1 or more, not " + value);
        }
        return value;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed && listensIn(removed.getRealm())) {
                ((SignalsEventListenerProvider) create(removed.getKeycloakSession())).onUserRemoved(removed);
            }
        });
        if (receivers.isEmpty()) {
            return;
        }
        LOG.infof("Signals go to %s", receivers);
        delivery = new SignalDelivery(factory, SignalDelivery.byName(receivers), backoff, new SetPusher(timeout), BATCH,
                giveUpAfterMillis);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "docs-signals");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::deliver, pollIntervalMillis, pollIntervalMillis, TimeUnit.MILLISECONDS);
        trigger = new CoalescingTrigger(executor, this::deliver);
    }

    /** After a commit that wrote rows: deliver them now rather than at the next tick. */
    private void nudge() {
        if (trigger != null) {
            trigger.request();
        }
    }

    private void deliver() {
        try {
            delivery.drain();
        } catch (RuntimeException e) {
            // The next tick tries again; an exception here must not end the periodic task.
            LOG.warnf("Signal delivery failed (%s); retried at the next tick", e.getClass().getSimpleName());
        }
    }

    /** The transmitter, when {@code realm} lists this listener: for the user profile's attribute changes. */
    static Optional<SignalsEventListenerProvider> in(KeycloakSession session, RealmModel realm) {
        SignalsEventListenerProviderFactory factory = (SignalsEventListenerProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, ID);
        if (factory == null || !listensIn(realm)) {
            return Optional.empty();
        }
        return Optional.of((SignalsEventListenerProvider) factory.create(session));
    }

    /** The attributes whose change is a {@code token-claims-change}. */
    static Set<String> claims(KeycloakSession session) {
        SignalsEventListenerProviderFactory factory = (SignalsEventListenerProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, ID);
        return factory == null ? Set.of() : factory.claims;
    }

    private static boolean listensIn(RealmModel realm) {
        return realm != null && realm.getEventsListenersStream().anyMatch(ID::equals);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("receivers").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated names of the receivers; each has the options <name>-url, <name>-audience, <name>-secret").add()
                .property().name("claims").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_CLAIMS)
                .helpText("User-profile attributes whose change is a token-claims-change").add()
                .property().name("retry-initial-ms").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1000)
                .helpText("Wait after a failed push, in milliseconds; doubled after each failure").add()
                .property().name("retry-max-ms").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(60_000)
                .helpText("The longest wait between pushes of one SET, in milliseconds").add()
                .property().name("poll-interval-ms").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(1000)
                .helpText("How often each node looks for due SETs, in milliseconds").add()
                .property().name("timeout-ms").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(5000)
                .helpText("Connect and answer timeout of one push, in milliseconds").add()
                .property().name("give-up-after-ms").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(GIVE_UP_AFTER_MS)
                .helpText("Age of a SET, in milliseconds, after which a failed push is its last (dropped with a warning)").add()
                .build();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}

package dev.docsauth.keycloak.export;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import dev.docsauth.keycloak.config.PositiveOption;

/**
 * How many exports each caller may ask for: a token bucket per user id (Bucket4j), {@code requests} tokens that
 * refill greedily over {@code window} (10 per hour: 10 at once, then one every 6 minutes). The reader's export
 * counts per reader, the admin's per admin ({@link #fromOptions}). The buckets live in this node's memory: in a
 * cluster each node counts on its own, so a caller may get up to nodes × requests per window. Full buckets (callers
 * who have not asked for a while) are dropped once more than {@link #SWEEP_ABOVE} are held.
 */
final class ExportRateLimit {

    static final int SWEEP_ABOVE = 10_000;

    private final int requests;
    private final Duration window;
    private final TimeMeter clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param requests exports allowed at once (the bucket's capacity), 1 or more
     * @param window   the time in which a whole bucket refills
     * @param clock    Bucket4j's clock ({@link TimeMeter#SYSTEM_MILLISECONDS} on the server)
     */
    ExportRateLimit(int requests, Duration window, TimeMeter clock) {
        this.requests = requests;
        this.window = window;
        this.clock = clock;
    }

    /**
     * The limit set by a provider's options {@code requests} and {@code window} (seconds), each 1 or more.
     *
     * @param prefix the options' prefix as an operator writes it (e.g. {@code spi-realm-restapi-extension--data-export--}),
     *               for the error message
     * @throws IllegalArgumentException when an option is below 1, so a wrong setting stops Keycloak's start
     */
    static ExportRateLimit fromOptions(Config.Scope config, String prefix, int defaultRequests, int defaultWindowSeconds) {
        int requests = PositiveOption.read(config, prefix, "requests", defaultRequests);
        int window = PositiveOption.read(config, prefix, "window", defaultWindowSeconds);
        return new ExportRateLimit(requests, Duration.ofSeconds(window), TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** The two options' metadata (the admin console's provider info), with {@code whose} in the help text. */
    static List<ProviderConfigProperty> options(String whose, int defaultRequests, int defaultWindowSeconds) {
        return ProviderConfigurationBuilder.create()
                .property().name("requests").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(defaultRequests)
                .helpText("Exports each " + whose + " may ask for at once (the bucket's size)").add()
                .property().name("window").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(defaultWindowSeconds)
                .helpText("Seconds in which a " + whose + "'s whole allowance refills").add()
                .build();
    }

    /**
     * Takes one export from {@code callerId}'s bucket.
     *
     * @return 0 when the export may go ahead, otherwise the whole seconds (1 or more) until it may: the value of
     *         RFC 9110's {@code Retry-After}
     */
    long secondsToWait(String callerId) {
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= requests);
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(callerId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * The answer to a caller who must wait {@code seconds}: 429 with {@code Retry-After} (RFC 6585, RFC 9110) and
     * {@code {"error": "too_many_requests", "error_description": ...}}.
     */
    static Response.ResponseBuilder refusal(long seconds) {
        return Response.status(429).header("Retry-After", seconds).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "too_many_requests",
                        "error_description", "too many exports; ask again in " + seconds + " seconds"));
    }

    int heldBuckets() {
        return buckets.size();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillGreedy(requests, window).build())
                .withCustomTimePrecision(clock)
                .build();
    }
}

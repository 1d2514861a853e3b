package dev.docsauth.keycloak.export;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * How many exports each caller may ask for: a token bucket per user id (Bucket4j), {@code requests} tokens that
 * refill greedily over {@code window} (10 per hour: 10 at once, then one every 6 minutes). The buckets live in this
 * node's memory: in a cluster each node counts on its own, so a reader may get up to nodes × requests per window.
 * Full buckets (callers who have not asked for a while) are dropped once more than {@link #SWEEP_ABOVE} are held.
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

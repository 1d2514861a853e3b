package dev.docsauth.keycloak.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.bucket4j.TimeMeter;

class ExportRateLimitTest {

    /** Bucket4j's clock, moved by hand. */
    static final class Clock implements TimeMeter {
        long nanos;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    @Test
    void tenAtOnceThenTheEleventhWaitsSixMinutes() {
        Clock clock = new Clock();
        ExportRateLimit limit = new ExportRateLimit(10, Duration.ofHours(1), clock);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limit.secondsToWait("reader-a"), "export " + (i + 1));
        }
        assertEquals(360, limit.secondsToWait("reader-a"));
        clock.advance(Duration.ofSeconds(359));
        assertEquals(1, limit.secondsToWait("reader-a"), "a part of a second left is a whole second of Retry-After");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, limit.secondsToWait("reader-a"));
    }

    @Test
    void eachReaderHasTheirOwnBucket() {
        ExportRateLimit limit = new ExportRateLimit(1, Duration.ofMinutes(1), new Clock());
        assertEquals(0, limit.secondsToWait("reader-a"));
        assertTrue(limit.secondsToWait("reader-a") > 0);
        assertEquals(0, limit.secondsToWait("reader-b"));
    }

    @Test
    void fullBucketsAreDroppedOnceManyAreHeld() {
        Clock clock = new Clock();
        ExportRateLimit limit = new ExportRateLimit(1, Duration.ofMinutes(1), clock);
        for (int i = 0; i <= ExportRateLimit.SWEEP_ABOVE; i++) {
            limit.secondsToWait("reader-" + i);
        }
        assertEquals(ExportRateLimit.SWEEP_ABOVE + 1, limit.heldBuckets());
        limit.secondsToWait("reader-0");
        assertEquals(ExportRateLimit.SWEEP_ABOVE + 1, limit.heldBuckets(), "no bucket had refilled: none dropped");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, limit.secondsToWait("new-reader"));
        assertEquals(1, limit.heldBuckets(), "every refilled bucket dropped, the new reader's kept");
        assertEquals(TimeUnit.MINUTES.toSeconds(1), limit.secondsToWait("new-reader"));
    }

    @Test
    void atExactlyTheThresholdNothingIsDropped() {
        Clock clock = new Clock();
        ExportRateLimit limit = new ExportRateLimit(1, Duration.ofMinutes(1), clock);
        for (int i = 0; i < ExportRateLimit.SWEEP_ABOVE; i++) {
            limit.secondsToWait("reader-" + i);
        }
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, limit.secondsToWait("new-reader"));
        assertEquals(ExportRateLimit.SWEEP_ABOVE + 1, limit.heldBuckets(),
                "SWEEP_ABOVE held, all refilled: kept, since only more than SWEEP_ABOVE start a sweep");
    }
}

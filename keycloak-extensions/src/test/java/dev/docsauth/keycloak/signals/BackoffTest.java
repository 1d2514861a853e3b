package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theWaitDoublesAfterEachFailureUpToTheCap() {
        Backoff backoff = new Backoff(1000, 60_000);
        assertEquals(1000, backoff.delayMillis(0));
        assertEquals(1000, backoff.delayMillis(1));
        assertEquals(2000, backoff.delayMillis(2));
        assertEquals(4000, backoff.delayMillis(3));
        assertEquals(32_000, backoff.delayMillis(6));
        assertEquals(60_000, backoff.delayMillis(7));
        assertEquals(60_000, backoff.delayMillis(1_000_000), "no overflow after many failures");
    }

    @Test
    void aCapBelowTheFirstWaitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 99));
        assertEquals(5, new Backoff(5, 5).delayMillis(3));
    }

    @Test
    void aFirstWaitOfOneMillisecondIsTheShortestAllowed() {
        assertEquals(1, new Backoff(1, 1).delayMillis(1));
        assertEquals(2, new Backoff(1, 1000).delayMillis(2));
    }
}

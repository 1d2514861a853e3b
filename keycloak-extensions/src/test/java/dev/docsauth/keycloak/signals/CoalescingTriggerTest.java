package dev.docsauth.keycloak.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CoalescingTriggerTest {

    private final Queue<Runnable> queued = new ArrayDeque<>();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void requestsWhileARunWaitsAreServedByIt() {
        CoalescingTrigger trigger = new CoalescingTrigger(queued::add, runs::incrementAndGet);
        for (int commit = 0; commit < 300; commit++) {
            trigger.request();
        }
        assertEquals(1, queued.size());
        queued.remove().run();
        assertEquals(1, runs.get());
        assertEquals(0, queued.size());
    }

    @Test
    void aRequestOnceARunHasStartedQueuesTheNext() {
        CoalescingTrigger[] trigger = new CoalescingTrigger[1];
        // a commit that lands while the run is reading the outbox: its row may be missed, so it needs a run of its own
        trigger[0] = new CoalescingTrigger(queued::add, () -> {
            if (runs.incrementAndGet() == 1) {
                trigger[0].request();
                trigger[0].request();
            }
        });
        trigger[0].request();
        queued.remove().run();
        assertEquals(1, queued.size());
        queued.remove().run();
        assertEquals(2, runs.get());
        assertEquals(0, queued.size());
    }
}

package dev.docsauth.keycloak.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MailFloodLimitTest {

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final MailFloodLimit limit = new MailFloodLimit(store, 3, 900, () -> store.now);

    @Test
    void threeMailsPassTheFourthWaitsUntilTheFirstSlotFrees() {
        assertEquals(0, limit.admit("reader@example.org"));
        store.now += 100;
        assertEquals(0, limit.admit("reader@example.org"));
        assertEquals(0, limit.admit("reader@example.org"));
        store.now += 50;
        assertEquals(900 - 150, limit.admit("reader@example.org"));
        assertEquals(900 - 150, limit.admit("reader@example.org"), "a refusal takes no slot and moves nothing");

        store.now += 750;
        assertEquals(0, limit.admit("reader@example.org"), "the first slot freed 900 s after it was taken");
        assertEquals(100, limit.admit("reader@example.org"));
        store.now += 100;
        assertEquals(0, limit.admit("reader@example.org"));
        assertEquals(0, limit.admit("reader@example.org"));
        assertTrue(limit.admit("reader@example.org") > 0);
    }

    @Test
    void anAddressIsTheSameWhateverTheCaseAndPaddingTyped() {
        assertEquals(0, limit.admit("Reader@Example.org"));
        assertEquals(0, limit.admit(" reader@example.org\u00a0"));
        assertEquals(0, limit.admit("ＲＥＡＤＥＲ@example.org"));
        assertTrue(limit.admit("reader@example.org") > 0);
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limit.admit("one@example.org"));
        }
        assertTrue(limit.admit("one@example.org") > 0);
        assertEquals(0, limit.admit("two@example.org"));
    }

    @Test
    void noAddressIsNeverLimitedAndCountsNothing() {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limit.admit(null));
            assertEquals(0, limit.admit(" \u200b"));
        }
        assertTrue(store.entries.isEmpty());
        assertNull(MailFloodLimit.key(""));
    }

    @Test
    void theStoreHoldsAHashOfTheAddressNeverTheAddress() {
        limit.admit("reader@example.org");
        assertEquals(1, store.entries.size());
        String key = store.entries.keySet().iterator().next();
        assertTrue(key.startsWith(MailFloodLimit.KEY_PREFIX), key);
        assertFalse(key.contains("reader") || key.contains("example"), key);
        assertEquals(MailFloodLimit.KEY_PREFIX.length() + 64 + 1 + 1, key.length(), "prefix, SHA-256 in hex, ':', slot");
    }

    @Test
    void aSlotBeingWrittenCountsAsTakenNowTheLongestWait() {
        for (int i = 0; i < 3; i++) {
            store.putIfAbsent(MailFloodLimit.key("reader@example.org") + i, 900); // taken, its note not yet written
        }
        assertEquals(900, limit.admit("reader@example.org"));
    }

    @Test
    void concurrentRequestsNeverPassMoreThanTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> limit.admit("reader@example.org")));
            }
            long admitted = 0;
            for (Future<Long> answer : answers) {
                admitted += answer.get(10, TimeUnit.SECONDS) == 0 ? 1 : 0;
            }
            assertEquals(3, admitted);
        } finally {
            pool.shutdownNow();
        }
    }
}

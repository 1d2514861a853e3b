package dev.docsauth.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AfterCommitTransactionTest {

    private final List<AuditEvent> emitted = new ArrayList<>();
    private final AfterCommitTransaction tx = new AfterCommitTransaction(emitted::add);

    @Test
    void eventsAreEmittedOnlyOnCommitInOrder() {
        tx.begin();
        tx.add(event("signup"));
        tx.add(event("signin"));
        assertTrue(emitted.isEmpty());
        tx.commit();
        assertEquals(List.of("signup", "signin"), emitted.stream().map(AuditEvent::type).toList());
    }

    @Test
    void aRollbackDropsThem() {
        tx.begin();
        tx.add(event("signup"));
        tx.rollback();
        assertTrue(emitted.isEmpty());
    }

    private static AuditEvent event(String type) {
        return new AuditEvent(type, Instant.EPOCH, "docs", "user", "u", null, null, null, null, null, null);
    }
}

package dev.docsauth.keycloak.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AfterCommitTransactionTest {

    private final List<String> emitted = new ArrayList<>();
    private final AfterCommitTransaction<String> tx = new AfterCommitTransaction<>(emitted::add);

    @Test
    void itemsAreHandedOnOnlyOnCommitInOrder() {
        tx.begin();
        tx.add("signup");
        tx.add("signin");
        assertTrue(emitted.isEmpty());
        tx.commit();
        assertEquals(List.of("signup", "signin"), emitted);
    }

    @Test
    void aRollbackDropsThem() {
        tx.begin();
        tx.add("signup");
        tx.rollback();
        assertTrue(emitted.isEmpty());
    }
}

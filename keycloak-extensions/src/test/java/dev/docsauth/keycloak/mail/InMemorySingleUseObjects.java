package dev.docsauth.keycloak.mail;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * Keycloak's single-use object store as its Infinispan implementation behaves, in memory: entries expire after
 * their lifespan on {@link #now}, {@code putIfAbsent} is atomic, and keys are kept to be inspected.
 */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> notes, long expiresAt) {
    }

    final Map<String, Entry> entries = new HashMap<>();
    public int now = 1_000_000;

    private Entry live(String key) {
        Entry e = entries.get(key);
        return e != null && e.expiresAt() > now ? e : null;
    }

    @Override
    public synchronized void put(String key, long lifespanSeconds, Map<String, String> notes) {
        entries.put(key, new Entry(Map.copyOf(notes), now + lifespanSeconds));
    }

    @Override
    public synchronized Map<String, String> get(String key) {
        Entry e = live(key);
        return e == null ? null : e.notes();
    }

    @Override
    public synchronized Map<String, String> remove(String key) {
        Entry e = live(key);
        entries.remove(key);
        return e == null ? null : e.notes();
    }

    @Override
    public synchronized boolean replace(String key, Map<String, String> notes) {
        throw new UnsupportedOperationException("the limit never replaces: Infinispan's replace drops the lifespan");
    }

    @Override
    public synchronized boolean putIfAbsent(String key, long lifespanSeconds) {
        if (live(key) != null) {
            return false;
        }
        entries.put(key, new Entry(Map.of(), now + lifespanSeconds));
        return true;
    }

    @Override
    public synchronized boolean contains(String key) {
        return live(key) != null;
    }

    @Override
    public void close() {
    }
}

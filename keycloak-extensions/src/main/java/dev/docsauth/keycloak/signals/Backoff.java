package dev.docsauth.keycloak.signals;

/**
 * Exponential backoff between delivery attempts of one SET: {@code initial × 2^(attempts-1)}, capped.
 *
 * @param initialMillis the wait after the first failure, in milliseconds (at least 1)
 * @param maxMillis     the cap, in milliseconds (at least {@code initialMillis})
 */
public record Backoff(long initialMillis, long maxMillis) {

    public Backoff {
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= initial <= max, not " + initialMillis + " and " + maxMillis);
        }
    }

    /**
     * @param failedAttempts the attempts that failed so far (1 after the first failure)
     * @return milliseconds to wait before the next attempt
     */
    public long delayMillis(int failedAttempts) {
        long delay = initialMillis;
        for (int i = 1; i < failedAttempts && delay < maxMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMillis);
    }
}

package dev.docsauth.keycloak.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.provider.Provider;

import dev.docsauth.keycloak.text.TypedText;

/**
 * At most {@code mails} reset or verification mails per address per {@code window} seconds, whoever asks
 * (docs/contracts.md, "Mail"). Keycloak has no such limit: its own cooldown is per account, and a reset for an
 * address nobody has sends nothing, so it counts nothing.
 *
 * <p>Each address has {@code mails} slots in Keycloak's single-use object store (replicated across the cluster's
 * nodes): a mail takes a free slot with {@code putIfAbsent}, which one node alone can win, and the slot frees
 * itself {@code window} seconds later. The slot's note holds when it was taken, so a refusal can say how long to
 * wait. Keys hold a SHA-256 of the address, never the address. Callers count every request for an address,
 * whether an account has it or not, so the answer reveals nothing about accounts.
 */
public class MailFloodLimit implements Provider {

    static final String KEY_PREFIX = "docs-mail-flood:";
    static final String TAKEN_AT = "takenAt";

    private final SingleUseObjectProvider store;
    private final int mails;
    private final int windowSeconds;
    private final IntSupplier clock;

    /**
     * @param store Keycloak's single-use object store ({@code session.singleUseObjects()})
     * @param mails mails allowed per address and window, at least 1
     * @param windowSeconds the window, in seconds, at least 1
     * @param clock the current time in seconds (Keycloak's {@code Time::currentTime})
     */
    public MailFloodLimit(SingleUseObjectProvider store, int mails, int windowSeconds, IntSupplier clock) {
        this.store = store;
        this.mails = mails;
        this.windowSeconds = windowSeconds;
        this.clock = clock;
    }

    /**
     * Counts one mail to {@code address} if the address has a free slot.
     *
     * @param address an e-mail address as typed or stored (normalised here: {@link TypedText}'s e-mail rule, then
     *     lower case); blank or {@code null} is never limited and counts nothing
     * @return 0 when the mail may go (and has been counted); otherwise the seconds until a slot frees, at least 1
     */
    public long admit(String address) {
        String key = key(address);
        if (key == null) {
            return 0;
        }
        int now = clock.getAsInt();
        for (int slot = 0; slot < mails; slot++) {
            String slotKey = key + slot;
            if (store.putIfAbsent(slotKey, windowSeconds)) {
                store.put(slotKey, windowSeconds, Map.of(TAKEN_AT, Integer.toString(now)));
                return 0;
            }
        }
        long earliest = now;
        for (int slot = 0; slot < mails; slot++) {
            earliest = Math.min(earliest, takenAt(key + slot, now));
        }
        return Math.max(1, earliest + windowSeconds - now);
    }

    /** When a slot was taken; a slot being written or just expired counts as taken now (the longest wait). */
    private long takenAt(String slotKey, int now) {
        Map<String, String> notes = store.get(slotKey);
        String takenAt = notes == null ? null : notes.get(TAKEN_AT);
        return takenAt == null ? now : Long.parseLong(takenAt);
    }

    /** The store key of an address, up to the slot number; {@code null} for no address. */
    static String key(String address) {
        String normalized = TypedText.normalize(address, TypedText.Kind.EMAIL);
        if (normalized == null || normalized.isEmpty()) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(normalized.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + HexFormat.of().formatHex(hash) + ":";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void close() {
    }
}

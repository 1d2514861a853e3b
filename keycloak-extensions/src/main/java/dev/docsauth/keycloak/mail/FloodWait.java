package dev.docsauth.keycloak.mail;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;

/**
 * The one answer to a mail over the {@link MailFloodLimit}: the message {@value #MESSAGE} with the minutes to
 * wait (English, French and Arabic in the jar's theme-resources messages). It is the same whether an account has
 * the address or not.
 */
final class FloodWait {

    static final String MESSAGE = "error-mail-flood-wait";

    private FloodWait() {
    }

    /**
     * Counts a mail to {@code address} in the session's {@link MailFloodLimit}.
     *
     * @return {@code null} when the mail may go; otherwise the message to show instead of sending it
     */
    static FormMessage admit(KeycloakSession session, String address) {
        long seconds = session.getProvider(MailFloodLimit.class).admit(address);
        return seconds == 0 ? null : new FormMessage(MESSAGE, minutes(seconds));
    }

    /** Whole minutes, rounded up: a wait of 61 s is 2 minutes, never "0 minutes". */
    static long minutes(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }
}

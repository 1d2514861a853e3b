package dev.docsauth.keycloak.mail;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
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

    /**
     * Counts a mail to {@code address}, asked for in a required action; over the limit, answers with the action's
     * own page ({@code page}), the form as the reader sent it, and the message.
     *
     * @return whether the mail was refused (the challenge is then set)
     */
    static boolean refusedIn(RequiredActionContext context, String address, UserModel.RequiredAction page) {
        FormMessage refusal = admit(context.getSession(), address);
        if (refusal == null) {
            return false;
        }
        context.challenge(context.form().setError(refusal.getMessage(), refusal.getParameters())
                .setFormData(context.getHttpRequest().getDecodedFormParameters()).createResponse(page));
        return true;
    }

    /** Whole minutes, rounded up: a wait of 61 s is 2 minutes, never "0 minutes". */
    static long minutes(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }
}

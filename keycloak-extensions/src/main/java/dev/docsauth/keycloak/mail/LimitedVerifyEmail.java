package dev.docsauth.keycloak.mail;

import java.util.Objects;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.VerifyEmail;
import org.keycloak.authentication.requiredactions.util.EmailCooldownManager;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's {@code VERIFY_EMAIL} required action, taken over under the same id (the higher {@link #order()} wins),
 * with the {@link MailFloodLimit}: each verification mail it would send counts for the reader's address; over the
 * limit, nothing is sent and Keycloak's "verify your email" page says how long to wait ({@link FloodWait}), and
 * its "Click here to re-send" works again after that. Keycloak's own per-account cooldown between two re-sends
 * (30 s by default) still applies first. The conditions under which Keycloak sends are those of its 26.7
 * {@code VerifyEmail}: on the first challenge for an address, and on each re-send outside the cooldown.
 */
public class LimitedVerifyEmail extends VerifyEmail {

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        boolean appInitiated = Objects.equals(authSession.getClientNote(Constants.KC_ACTION), getId());
        if (sendsOnChallenge(user.isEmailVerified(), user.getEmail(), authSession.getAuthNote(Constants.VERIFY_EMAIL_KEY), appInitiated)
                && refused(context)) {
            // As Keycloak's does before it sends: a new account's flow keeps the action whatever happens elsewhere.
            if (Boolean.parseBoolean(authSession.getAuthNote(AuthenticationManager.NEW_USER_REGISTERED))) {
                authSession.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
            }
            return;
        }
        super.requiredActionChallenge(context);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        UserModel user = context.getUser();
        boolean coolingDown = EmailCooldownManager.retrieveCooldownEntry(context, EMAIL_RESEND_COOLDOWN_KEY_PREFIX) != null;
        if (sendsOnResend(user.isEmailVerified(), user.getEmail(), coolingDown) && refused(context)) {
            return;
        }
        super.processAction(context);
    }

    /**
     * Whether Keycloak's challenge sends a mail: the address is unverified and set, it was not sent to in this
     * authentication session yet, and the action was not asked for by the application (there the reader asks).
     */
    static boolean sendsOnChallenge(boolean verified, String email, String sentTo, boolean appInitiated) {
        return !verified && !isBlank(email) && !Objects.equals(sentTo, email) && !appInitiated;
    }

    /** Whether Keycloak's "re-send" sends a mail: the address is unverified and set, and no cooldown runs. */
    static boolean sendsOnResend(boolean verified, String email, boolean coolingDown) {
        return !verified && !isBlank(email) && !coolingDown;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean refused(RequiredActionContext context) {
        return FloodWait.refusedIn(context, context.getUser().getEmail(), UserModel.RequiredAction.VERIFY_EMAIL);
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public int order() {
        return 10;
    }
}

package dev.docsauth.keycloak.mail;

import java.util.Objects;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.UpdateEmail;
import org.keycloak.authentication.requiredactions.util.EmailCooldownManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

/**
 * Keycloak's {@code UPDATE_EMAIL} required action (a reader changes their address: from the account console, or
 * the docs site through {@code kc_action=UPDATE_EMAIL}), taken over under the same id (the higher {@link #order()}
 * wins), with the {@link MailFloodLimit}: the confirmation mail to the new address counts for the new address;
 * over the limit, nothing is sent and Keycloak's form says how long to wait ({@link FloodWait}). The conditions
 * under which Keycloak sends are those of its 26.7 {@code UpdateEmail}: the action is enabled, the new address is
 * valid, verification applies (the realm's "verify email", or the action's "Force Email Verification"), the
 * address is new or unverified, and the action's per-account cooldown is not running.
 */
public class LimitedUpdateEmail extends UpdateEmail {

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        // Keycloak sends from the challenge too when the request already carries the new address.
        String newEmail = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.EMAIL);
        if (isEnabled(context.getRealm()) && newEmail != null && !emailReadOnly(context) && !coolingDown(context)
                && refused(context, newEmail)) {
            return;
        }
        super.requiredActionChallenge(context);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        String newEmail = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.EMAIL);
        if (isEnabled(realm)
                && sendsConfirmation(verificationApplies(realm, context.getConfig()), newEmail, user.getEmail(), user.isEmailVerified())
                && valid(context, newEmail) && !coolingDown(context) && refused(context, newEmail)) {
            return;
        }
        super.processAction(context);
    }

    /**
     * Whether Keycloak confirms the change by mail rather than making it at once: verification applies, a new
     * address was given, and it is not the reader's verified address already.
     */
    static boolean sendsConfirmation(boolean verificationApplies, String newEmail, String currentEmail, boolean verified) {
        boolean unchanged = Objects.equals(currentEmail, newEmail) && verified;
        return verificationApplies && newEmail != null && !newEmail.isBlank() && !unchanged;
    }

    /** The realm's "verify email", or the action's own "Force Email Verification" ({@code verifyEmail}). */
    static boolean verificationApplies(RealmModel realm, RequiredActionConfigModel config) {
        boolean forced = config != null && Boolean.parseBoolean(config.getConfigValue(CONFIG_VERIFY_EMAIL, "false"));
        return forced || realm.isVerifyEmail();
    }

    private static boolean valid(RequiredActionContext context, String newEmail) {
        try {
            validateEmailUpdate(context.getSession(), context.getUser(), newEmail);
            return true;
        } catch (ValidationException invalid) {
            return false;
        }
    }

    private static boolean emailReadOnly(RequiredActionContext context) {
        return context.getSession().getProvider(UserProfileProvider.class)
                .create(UserProfileContext.UPDATE_EMAIL, context.getUser()).getAttributes().isReadOnly(UserModel.EMAIL);
    }

    private static boolean coolingDown(RequiredActionContext context) {
        return EmailCooldownManager.retrieveCooldownEntry(context, EMAIL_RESEND_COOLDOWN_KEY_PREFIX) != null;
    }

    private static boolean refused(RequiredActionContext context, String newEmail) {
        return FloodWait.refusedIn(context, newEmail, UserModel.RequiredAction.UPDATE_EMAIL);
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

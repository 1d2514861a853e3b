package dev.docsauth.keycloak.signals;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Which Keycloak event is which signal (docs/signals.md's table). Deletions are not here: they come from
 * {@code UserModel.UserRemovedEvent}, which every deletion path fires; attribute changes and the enabled flag
 * come from {@link SignalingUserProfile}, since Keycloak's events do not say what changed.
 */
final class SignalMapper {

    private static final Pattern ADMIN_LOGOUT = Pattern.compile("^users/([^/]+)/logout$");
    private static final Pattern ADMIN_RESET_PASSWORD = Pattern.compile("^users/([^/]+)/reset-password$");
    private static final Pattern ADMIN_CREDENTIAL = Pattern.compile("^users/([^/]+)/credentials/[^/]+$");
    private static final Pattern ADMIN_USER = Pattern.compile("^users/([^/]+)$");
    private static final Pattern ADMIN_SESSION = Pattern.compile("^sessions/([^/]+)$");

    private SignalMapper() {
    }

    /** The signal of a reader's event, if it is one. */
    static Optional<SecurityEvent> of(Event event) {
        if (event.getType() == null || event.getUserId() == null || event.getError() != null) {
            return Optional.empty();
        }
        long at = event.getTime() / 1000;
        String user = event.getUserId();
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        switch (event.getType()) {
            case LOGOUT:
                return event.getSessionId() == null ? Optional.empty() : Optional.of(
                        SecurityEvent.sessionRevoked(user, event.getSessionId(), at, event.getId()));
            case UPDATE_PASSWORD:
            case RESET_PASSWORD:
                return Optional.of(credentialChange(user, at, "password", "update", event.getId()));
            case UPDATE_CREDENTIAL:
                return Optional.of(credentialChange(user, at, details.get(Details.CREDENTIAL_TYPE), "update", event.getId()));
            case UPDATE_TOTP:
                return Optional.of(credentialChange(user, at, "otp", "create", event.getId()));
            case REMOVE_CREDENTIAL:
                return Optional.of(credentialChange(user, at, details.get(Details.CREDENTIAL_TYPE), "delete", event.getId()));
            case REMOVE_TOTP:
                return Optional.of(credentialChange(user, at, "otp", "delete", event.getId()));
            default:
                return Optional.empty();
        }
    }

    /** The signal of an admin's action on a user, if it is one ({@code enabledBefore}: see {@link #ofEnabledChange}). */
    static Optional<SecurityEvent> of(AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER || event.getResourcePath() == null || event.getError() != null) {
            return Optional.empty();
        }
        long at = event.getTime() / 1000;
        String path = event.getResourcePath();
        Matcher m;
        if (event.getOperationType() == OperationType.ACTION && (m = ADMIN_LOGOUT.matcher(path)).matches()) {
            return Optional.of(SecurityEvent.ofUser(SecurityEvent.SESSION_REVOKED, m.group(1), at, event.getId()));
        }
        if (event.getOperationType() == OperationType.ACTION && (m = ADMIN_RESET_PASSWORD.matcher(path)).matches()) {
            return Optional.of(credentialChange(m.group(1), at, "password", "update", event.getId()));
        }
        // Keycloak 26.7 records an admin's removal of a credential as ACTION (with the credential's type in the
        // details); DELETE too, should it say so.
        if ((event.getOperationType() == OperationType.ACTION || event.getOperationType() == OperationType.DELETE)
                && (m = ADMIN_CREDENTIAL.matcher(path)).matches()) {
            Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
            return Optional.of(credentialChange(m.group(1), at, details.get(Details.CREDENTIAL_TYPE), "delete", event.getId()));
        }
        return Optional.empty();
    }

    /** The user id of an admin's update of a user ({@code PUT users/{id}}), whose enabled flag may have changed. */
    static Optional<String> updatedUser(AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.UPDATE
                || event.getResourcePath() == null || event.getError() != null) {
            return Optional.empty();
        }
        Matcher m = ADMIN_USER.matcher(event.getResourcePath());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The session id of an admin's ending of one session ({@code DELETE sessions/{id}}, resource {@code USER_SESSION}),
     * whose event does not name the user: {@link SignalsEventListenerProvider} finds it.
     */
    static Optional<String> endedSession(AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER_SESSION || event.getOperationType() != OperationType.DELETE
                || event.getResourcePath() == null || event.getError() != null) {
            return Optional.empty();
        }
        Matcher m = ADMIN_SESSION.matcher(event.getResourcePath());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** account-disabled or account-enabled when the flag changed; nothing when it did not. */
    static Optional<SecurityEvent> ofEnabledChange(String userId, boolean before, boolean after, long at, String txn) {
        if (before == after) {
            return Optional.empty();
        }
        return Optional.of(SecurityEvent.ofUser(after ? SecurityEvent.ACCOUNT_ENABLED : SecurityEvent.ACCOUNT_DISABLED,
                userId, at, txn));
    }

    /**
     * credential-change with CAEP's {@code credential_type}: Keycloak's {@code password} as is, {@code otp} as
     * {@code app}, a passkey ({@code webauthn-passwordless}) as {@code fido2-platform}, a security key
     * ({@code webauthn}) as {@code fido2-roaming}; another type as Keycloak names it.
     */
    static SecurityEvent credentialChange(String user, long at, String keycloakType, String changeType, String txn) {
        return new SecurityEvent(SecurityEvent.CREDENTIAL_CHANGE, user, null, at,
                Map.of("credential_type", caepType(keycloakType), "change_type", changeType), txn);
    }

    static String caepType(String keycloakType) {
        if (keycloakType == null) {
            return "unknown";
        }
        switch (keycloakType) {
            case "otp":
                return "app";
            case "webauthn-passwordless":
                return "fido2-platform";
            case "webauthn":
                return "fido2-roaming";
            default:
                return keycloakType;
        }
    }
}

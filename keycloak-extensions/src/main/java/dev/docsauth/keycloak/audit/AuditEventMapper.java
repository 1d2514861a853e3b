package dev.docsauth.keycloak.audit;

import java.time.Instant;
import java.util.Optional;

import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.UserModel;

/**
 * Turns Keycloak's user and admin events into {@link AuditEvent}s, or nothing for events we do not audit.
 * The reader's cohort is looked up by the caller, while the transaction that wrote it is still open.
 */
public final class AuditEventMapper {

    public static final String EXPERIENCE_LEVEL = "experienceLevel";
    public static final String PROFESSIONAL_ROLE = "professionalRole";

    public static final String OUTCOME_SUCCESS = "success";
    public static final String OUTCOME_INVALID_CREDENTIALS = "invalid_credentials";
    public static final String OUTCOME_LOCKED = "locked";
    public static final String OUTCOME_ERROR = "error";

    private AuditEventMapper() {
    }

    /** @param user the event's user if it still exists (for the cohort), else {@code null} */
    public static Optional<AuditEvent> map(Event event, UserModel user) {
        if (event.getType() == null) {
            return Optional.empty();
        }
        return switch (event.getType()) {
            case REGISTER -> Optional.of(of(event, AuditEvent.SIGNUP, null, user));
            case UPDATE_PROFILE -> Optional.of(of(event, AuditEvent.PROFILE_UPDATE, null, user));
            case LOGIN -> Optional.of(of(event, AuditEvent.SIGNIN, OUTCOME_SUCCESS, null));
            case LOGIN_ERROR -> Optional.of(of(event, AuditEvent.SIGNIN_FAILED, signInOutcome(event.getError()), null));
            case LOGOUT -> Optional.of(of(event, AuditEvent.SIGNOUT, null, null));
            case DELETE_ACCOUNT -> event.getError() == null
                    ? Optional.of(deleted(realmOf(event), "user", event.getTime())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Whether the audit line of this event carries the reader's cohort, so the caller must look the user up. */
    public static boolean carriesCohort(EventType type) {
        return type == EventType.REGISTER || type == EventType.UPDATE_PROFILE;
    }

    /**
     * An admin's change to a user (admin console or admin REST API) is a profile update by an admin; an admin's
     * deletion of a user is an account deletion, the fact alone.
     */
    public static Optional<AuditEvent> map(AdminEvent event, String realmName, UserModel user) {
        String realm = realmName != null ? realmName : event.getRealmId();
        if (event.getResourceType() == ResourceType.USER && event.getOperationType() == OperationType.DELETE
                && event.getError() == null && isUser(event.getResourcePath())) {
            return Optional.of(deleted(realm, "admin", event.getTime()));
        }
        if (event.getResourceType() != ResourceType.USER || event.getOperationType() != OperationType.UPDATE) {
            return Optional.empty();
        }
        String ip = event.getAuthDetails() == null ? null : event.getAuthDetails().getIpAddress();
        return Optional.of(new AuditEvent(AuditEvent.PROFILE_UPDATE, Instant.ofEpochMilli(event.getTime()), realm, "admin",
                userIdFromPath(event.getResourcePath()), null, ip, null, event.getError(),
                attribute(user, EXPERIENCE_LEVEL), attribute(user, PROFESSIONAL_ROLE)));
    }

    /** Maps Keycloak's error codes onto a small fixed set, so that metrics stay bounded. */
    static String signInOutcome(String error) {
        if (error == null) {
            return OUTCOME_ERROR;
        }
        return switch (error) {
            case Errors.INVALID_USER_CREDENTIALS, Errors.USER_NOT_FOUND, Errors.INVALID_USER -> OUTCOME_INVALID_CREDENTIALS;
            case Errors.USER_TEMPORARILY_DISABLED, Errors.USER_DISABLED -> OUTCOME_LOCKED;
            default -> OUTCOME_ERROR;
        };
    }

    /** Whether {@code path} is a user's own resource, {@code users/<id>}, not something under it. */
    static boolean isUser(String path) {
        String id = userIdFromPath(path);
        return id != null && !id.isEmpty() && path.equals("users/" + id);
    }

    /** Admin resource paths of users are {@code users/<id>} or deeper. */
    static String userIdFromPath(String path) {
        if (path == null || !path.startsWith("users/")) {
            return null;
        }
        String rest = path.substring("users/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static AuditEvent deleted(String realm, String actor, long time) {
        return new AuditEvent(AuditEvent.ACCOUNT_DELETED, Instant.ofEpochMilli(time), realm, actor, null, null, null, null,
                null, null, null);
    }

    private static String realmOf(Event event) {
        return event.getRealmName() != null ? event.getRealmName() : event.getRealmId();
    }

    private static AuditEvent of(Event event, String type, String outcome, UserModel user) {
        String realm = realmOf(event);
        return new AuditEvent(type, Instant.ofEpochMilli(event.getTime()), realm, "user", event.getUserId(),
                event.getClientId(), event.getIpAddress(), outcome, event.getError(),
                attribute(user, EXPERIENCE_LEVEL), attribute(user, PROFESSIONAL_ROLE));
    }

    private static String attribute(UserModel user, String name) {
        return user == null ? null : user.getFirstAttribute(name);
    }
}

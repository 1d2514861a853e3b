package dev.docsauth.keycloak.consent;

import org.keycloak.userprofile.UserProfileContext;

/** How a consent was given or withdrawn, from the user profile's context of the change. */
public enum ConsentMethod {
    /** The sign-up form (also a first sign-in through another identity provider). */
    SIGN_UP("sign-up"),
    /** Keycloak's update-profile page: a required action, or {@code kc_action=UPDATE_PROFILE} from the site. */
    PROFILE_UPDATE("profile-update"),
    /** The account REST API: the account console, or the docs site with the reader's token. */
    ACCOUNT("account"),
    /** An admin: the admin console or the admin REST API. */
    ADMIN("admin");

    private final String wireName;

    ConsentMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored and exported: {@code sign-up}, {@code profile-update}, {@code account}, {@code admin}. */
    public String wireName() {
        return wireName;
    }

    /** The method of a change made in {@code context}. */
    public static ConsentMethod of(UserProfileContext context) {
        switch (context) {
            case REGISTRATION:
            case IDP_REVIEW:
                return SIGN_UP;
            case ACCOUNT:
                return ACCOUNT;
            case USER_API:
            case SCIM:
                return ADMIN;
            default:
                return PROFILE_UPDATE;
        }
    }

    /** The method stored under {@code wireName}. */
    public static ConsentMethod ofWireName(String wireName) {
        for (ConsentMethod method : values()) {
            if (method.wireName.equals(wireName)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown consent method " + wireName);
    }
}

package dev.docsauth.keycloak.consent;

import org.keycloak.models.UserModel;

/**
 * The reader's consent to personalisation: the user-profile attribute {@value #ATTRIBUTE} (realm-config/user-profile.json,
 * group {@code background}), {@value #GIVEN} while given, absent otherwise (never given, or withdrawn).
 */
public final class PersonalizationConsent {

    /** The user-profile attribute. */
    public static final String ATTRIBUTE = "personalizationConsent";
    /** Its one value: consent given. */
    public static final String GIVEN = "true";

    private PersonalizationConsent() {
    }

    /** Whether an attribute value means consent given: exactly {@value #GIVEN}. */
    public static boolean given(String value) {
        return GIVEN.equals(value);
    }

    /** Whether {@code user} has given the consent; {@code false} for no user. */
    public static boolean given(UserModel user) {
        return user != null && given(user.getFirstAttribute(ATTRIBUTE));
    }
}

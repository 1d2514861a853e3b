package dev.docsauth.keycloak.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.keycloak.userprofile.UserProfileContext;

class ConsentMethodTest {

    @Test
    void eachUserProfileContextIsOneMethod() {
        assertEquals(ConsentMethod.SIGN_UP, ConsentMethod.of(UserProfileContext.REGISTRATION));
        assertEquals(ConsentMethod.SIGN_UP, ConsentMethod.of(UserProfileContext.IDP_REVIEW));
        assertEquals(ConsentMethod.PROFILE_UPDATE, ConsentMethod.of(UserProfileContext.UPDATE_PROFILE));
        assertEquals(ConsentMethod.ACCOUNT, ConsentMethod.of(UserProfileContext.ACCOUNT));
        assertEquals(ConsentMethod.ADMIN, ConsentMethod.of(UserProfileContext.USER_API));
    }

    @Test
    void wireNamesGoBothWays() {
        for (ConsentMethod method : ConsentMethod.values()) {
            assertEquals(method, ConsentMethod.ofWireName(method.wireName()));
        }
        assertEquals("profile-update", ConsentMethod.PROFILE_UPDATE.wireName());
        assertThrows(IllegalArgumentException.class, () -> ConsentMethod.ofWireName("email"));
    }
}

package dev.docsauth.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResetEndsOtherSessionsTest {

    @Test
    void onlyTheResetFlowEndsOtherSessionsWhateverTheBox() {
        assertTrue(ResetEndsOtherSessions.isResetFlow("reset-credentials"));
        assertFalse(ResetEndsOtherSessions.isResetFlow("login-actions"));
        assertFalse(ResetEndsOtherSessions.isResetFlow("authenticate"));
        assertFalse(ResetEndsOtherSessions.isResetFlow(null));
    }

    @Test
    void takesOverKeycloaksUpdatePassword() {
        ResetEndsOtherSessions action = new ResetEndsOtherSessions();
        assertEquals("UPDATE_PASSWORD", action.getId());
        assertEquals(10, action.order());
        assertSame(action, action.create(null));
    }
}

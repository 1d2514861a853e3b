package dev.docsauth.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DocsUpdatePasswordTest {

    @Test
    void onlyAPasswordSetThroughTheReadersOwnMailedLinkEndsOtherSessionsWhateverTheBox() {
        assertTrue(DocsUpdatePassword.throughMailedLink("u-1", "u-1"));
        assertFalse(DocsUpdatePassword.throughMailedLink(null, "u-1"), "no link: the box decides");
        assertFalse(DocsUpdatePassword.throughMailedLink("u-2", "u-1"), "another user's link");
    }

    @Test
    void takesOverKeycloaksUpdatePassword() {
        DocsUpdatePassword action = new DocsUpdatePassword();
        assertEquals("UPDATE_PASSWORD", action.getId());
        assertEquals(10, action.order());
        assertSame(action, action.create(null));
    }
}

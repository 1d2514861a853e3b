package dev.docsauth.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

class FormUsernameTest {

    private static MultivaluedMap<String, String> form(String username) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(FormUsername.FIELD, username);
        form.putSingle("password", " kept as typed ");
        return form;
    }

    @Test
    void theUsernameIsNormalisedAndThePasswordLeftAsTyped() {
        MultivaluedMap<String, String> form = form("\u00A0ｒｅａｄｅｒ@example.org\u200B ");
        FormUsername.normalizeIn(form);
        assertEquals(List.of("reader@example.org"), form.get(FormUsername.FIELD));
        assertEquals(List.of(" kept as typed "), form.get("password"));
    }

    @Test
    void aRefusedCharacterEmptiesTheField() {
        for (String refused : new String[] {"a\u0000b@example.org", "a\u202Eb", "a\uD800b"}) {
            MultivaluedMap<String, String> form = form(refused);
            FormUsername.normalizeIn(form);
            assertEquals(List.of(""), form.get(FormUsername.FIELD), refused);
        }
    }

    @Test
    void aFormWithoutTheFieldIsLeftAlone() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        FormUsername.normalizeIn(form);
        assertTrue(form.isEmpty());
    }
}

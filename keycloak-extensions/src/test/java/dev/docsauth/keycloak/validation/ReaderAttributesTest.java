package dev.docsauth.keycloak.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.docsauth.keycloak.text.TypedText;
import org.junit.jupiter.api.Test;

/** The pure part of {@link ReaderAttributes}; the rest runs on the real server (ProfileRulesIT, TypedTextIT). */
class ReaderAttributesTest {

    @Test
    void everyStringIsNormalisedByItsAttributesKind() {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("email", " ｒｅａｄｅｒ@example.org\u200B");
        sent.put("username", List.of("\u00A0reader "));
        sent.put("firstName", "Ada \t Lovelace ");
        sent.put("user.attributes.organization", Arrays.asList("Acme\u3000Lab ", null));
        sent.put("flag", Boolean.TRUE);
        sent.put("numbers", List.of(1, " two "));

        Map<String, Object> stored = ReaderAttributes.normalized(sent);

        assertEquals("reader@example.org", stored.get("email"));
        assertEquals(List.of("reader"), stored.get("username"));
        assertEquals("Ada Lovelace", stored.get("firstName"));
        assertEquals(Arrays.asList("Acme Lab", null), stored.get("user.attributes.organization"));
        assertEquals(Boolean.TRUE, stored.get("flag"));
        assertEquals(List.of(1, "two"), stored.get("numbers"));
        assertEquals(List.copyOf(sent.keySet()), List.copyOf(stored.keySet()));
    }

    @Test
    void noAttributesStayNone() {
        assertNull(ReaderAttributes.normalized(null));
    }

    @Test
    void theKindFollowsTheAttributeName() {
        assertEquals(TypedText.Kind.EMAIL, ReaderAttributes.kindOf("email"));
        assertEquals(TypedText.Kind.IDENTIFIER, ReaderAttributes.kindOf("username"));
        assertEquals(TypedText.Kind.LINE, ReaderAttributes.kindOf("organization"));
        assertEquals(TypedText.Kind.LINE, ReaderAttributes.kindOf("user.attributes.roleOther"));
        assertEquals(TypedText.Kind.EMAIL, ReaderAttributes.kindOf("user.attributes.email"));
    }
}

package dev.docsauth.keycloak.text;

import static dev.docsauth.keycloak.text.TypedText.Kind.EMAIL;
import static dev.docsauth.keycloak.text.TypedText.Kind.IDENTIFIER;
import static dev.docsauth.keycloak.text.TypedText.Kind.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class TypedTextTest {

    /** Invisible padding that phone keyboards, paste and forged requests add, one of each kind. */
    private static final String[] PADDING = {
        " ", "   ", "\t", "\n", "\r\n", "\u000B", "\f", "\u00A0", "\u2007", "\u202F", "\u3000", "\u2028", "\u2029",
        "\u0085", "\u200B", "\uFEFF", "\u2060", "\u180E", "\u200E", "\u200F", "\u3164", "\u115F", "\uFFA0", "\u2800",
        " \u200B\u00A0\t",
    };

    @Test
    void paddingGoesFromBothEndsOfEveryKind() {
        for (TypedText.Kind kind : TypedText.Kind.values()) {
            for (String pad : PADDING) {
                assertEquals("reader@example.org", TypedText.normalize(pad + "reader@example.org" + pad, kind),
                        kind + " kept " + TypedText.describe(pad.codePointAt(0)));
            }
        }
    }

    @Test
    void aValueOfPaddingOnlyBecomesEmpty() {
        assertEquals("", TypedText.normalize(" \u200B\u3000\t", LINE));
        assertEquals("", TypedText.normalize("", EMAIL));
        assertNull(TypedText.normalize(null, LINE));
    }

    @Test
    void aLongValueFollowedBySpacesKeepsOnlyTheLetters() {
        String hundred = "a".repeat(100);
        assertEquals(hundred, TypedText.normalize(hundred + " ".repeat(40), LINE));
        assertEquals(hundred, TypedText.normalize(hundred + "\u00A0".repeat(40), LINE));
    }

    @Test
    void whiteSpaceInsideALineBecomesOneSpace() {
        assertEquals("Acme Research Lab", TypedText.normalize("Acme \t\n Research\u00A0\u00A0Lab", LINE));
        assertEquals("Acme Lab", TypedText.normalize("Acme\u3000Lab", LINE));
        assertEquals("Acme Lab", TypedText.normalize("Acme\u2028Lab", LINE));
    }

    @Test
    void addressesAndUserNamesAreCompatibilityNormalised() {
        // A full-width address, as an East Asian keyboard types it.
        assertEquals("reader@example.org", TypedText.normalize("ｒｅａｄｅｒ＠ｅｘａｍｐｌｅ．ｏｒｇ", EMAIL));
        assertEquals("reader", TypedText.normalize("ｒｅａｄｅｒ", IDENTIFIER));
        // A no-break space inside an address is a plain space afterwards: the e-mail validator refuses it visibly.
        assertEquals("rea der@example.org", TypedText.normalize("rea\u00A0der@example.org", EMAIL));
    }

    @Test
    void namesAndTextAreCanonicallyComposedNotCompatibilityFolded() {
        assertEquals("Ren\u00E9e", TypedText.normalize("Rene\u0301e", LINE));
        assertEquals("\uFB01ne", TypedText.normalize("\uFB01ne", LINE));
        assertEquals("H\u2082O", TypedText.normalize("H\u2082O", LINE));
    }

    @Test
    void controlAndReorderingCharactersAreRefusedWherever() {
        int[] refused = {0x00, 0x01, 0x07, 0x1B, 0x7F, 0x80, 0x9F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066,
            0x2067, 0x2068, 0x2069, 0xFFFD, 0xFFFE, 0xFFFF, 0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFF};
        for (TypedText.Kind kind : TypedText.Kind.values()) {
            for (int cp : refused) {
                String value = "ab" + new String(Character.toChars(cp)) + "cd";
                assertEquals(Optional.of(cp), TypedText.refusedCodePoint(TypedText.normalize(value, kind), kind),
                        kind + " accepted " + TypedText.describe(cp));
            }
        }
    }

    @Test
    void aLoneSurrogateIsRefused() {
        assertEquals(Optional.of(0xD800), TypedText.refusedCodePoint("ab\uD800cd", LINE));
        assertEquals(Optional.of(0xDC00), TypedText.refusedCodePoint("ab\uDC00", IDENTIFIER));
    }

    @Test
    void textInEveryScriptStays() {
        String[] kept = {
            "Ada Lovelace", "Zoë O'Brien-Smith", "محمد العربي", "דוד כהן", "张伟", "山田 太郎", "Δοκιμή", "Ωmega R&D",
            "می\u200Cخواهم", "👩\u200D💻 Dev rel", "🫠 team", "क्\u200Dष", "Straße", "x²",
        };
        for (String value : kept) {
            String normalized = TypedText.normalize(value, LINE);
            assertEquals(value, normalized);
            assertEquals(Optional.empty(), TypedText.refusedCodePoint(normalized, LINE), value);
        }
    }

    @Test
    void anAddressMustBeAscii() {
        assertEquals(Optional.of((int) 'п'), TypedText.refusedCodePoint("reader@почта.рф", EMAIL));
        assertEquals(Optional.of((int) 'δ'), TypedText.refusedCodePoint("δοκιμή@example.org", EMAIL));
        assertEquals(Optional.of((int) 'é'), TypedText.refusedCodePoint(TypedText.normalize("rene\u0301@example.org", EMAIL), EMAIL));
        for (String address : new String[] {"reader@example.org", "o'brien@example.org", "a+docs@example.org", "x@y"}) {
            assertEquals(Optional.empty(), TypedText.refusedCodePoint(address, EMAIL), address);
        }
        // Not ours to judge: Keycloak's e-mail validator refuses these with its own message.
        assertEquals(Optional.empty(), TypedText.refusedCodePoint("rea der@example.org", EMAIL));
    }

    @Test
    void asciiEndsAtU007F() {
        assertTrue(TypedText.isAscii('~'));
        assertTrue(TypedText.isAscii(0x7F));
        assertFalse(TypedText.isAscii(0x80));
        assertFalse(TypedText.isAscii('é'));
    }

    @Test
    void identifiersMayBeInAnyScript() {
        assertEquals(Optional.empty(), TypedText.refusedCodePoint("δοκιμή", IDENTIFIER));
    }

    @Test
    void describeNamesTheCodePoint() {
        assertEquals("U+202E", TypedText.describe(0x202E));
        assertEquals("U+0000", TypedText.describe(0));
        assertEquals("U+1FFFE", TypedText.describe(0x1FFFE));
    }
}

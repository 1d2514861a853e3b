package dev.docsauth.keycloak.text;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The one rule for text a person types into our pages, the account console or the admin API: how it is stored,
 * and which characters are refused. Pure; used by the user profile ({@code ReaderAttributes}) and the sign-in and
 * reset forms ({@code NormalizedUsernamePasswordForm}, {@code NormalizedResetCredentialChooseUser}).
 *
 * <p>Normalisation ({@link #normalize}), in this order:
 * <ol>
 * <li>Unicode normalisation: NFKC for addresses and user names ({@link Kind#EMAIL}, {@link Kind#IDENTIFIER}), so
 * full-width letters from an East Asian keyboard, or a no-break space, become their plain forms, as PRECIS does
 * for identifiers (RFC 8264 section 5.2.2, RFC 8265); NFC for names and free text, which keeps what the person
 * wrote and only merges canonically equal spellings (a letter and its combining accent), as the W3C character
 * model recommends for text.</li>
 * <li>Invisible padding goes from both ends: every white space and space separator (including no-break, ideographic
 * and line separators), every format character (zero-width space, byte-order mark, word joiner...), and the
 * blank fillers that render as nothing (Hangul fillers, braille blank).</li>
 * <li>Names and free text ({@link Kind#LINE}): every run of white space inside becomes one space (a newline or a
 * tab pasted into a name included). Every attribute of the profile is a single line.</li>
 * </ol>
 *
 * <p>Refused after normalisation ({@link #refusedCodePoint}): control characters (C0, DEL, C1; NUL included,
 * which PostgreSQL cannot store), lone surrogates, noncharacters, the replacement character U+FFFD (text already
 * broken on its way), and the bidirectional embedding, override and isolate controls U+202A-U+202E and
 * U+2066-U+2069, which reorder what is displayed (CVE-2021-42574, "Trojan Source"). Joiners (U+200C, U+200D) and
 * marks inside text stay: Persian, Indic scripts and emoji need them. An e-mail address ({@link Kind#EMAIL}) must
 * in addition be ASCII: see keycloak-extensions/README.md, "Text as people type it", for why internationalised
 * addresses are refused.
 */
public final class TypedText {

    /** What a value is, which decides its normalisation and refusals. */
    public enum Kind {
        /** An e-mail address: NFKC, no padding, ASCII only. */
        EMAIL,
        /** A user name or other identifier: NFKC, no padding. */
        IDENTIFIER,
        /** A name or a line of free text: NFC, no padding, inner white space collapsed to one space. */
        LINE
    }

    private TypedText() {
    }

    /**
     * The value as it is stored.
     *
     * @param raw the value as sent; {@code null} stays {@code null}
     * @param kind what the value is
     * @return the normalised value, possibly empty
     */
    public static String normalize(String raw, Kind kind) {
        if (raw == null) {
            return null;
        }
        boolean identifier = kind == Kind.EMAIL || kind == Kind.IDENTIFIER;
        String text = Normalizer.normalize(raw, identifier ? Normalizer.Form.NFKC : Normalizer.Form.NFC);
        text = strip(text);
        return kind == Kind.LINE ? collapseSpaces(text) : text;
    }

    /**
     * The first character that a value of this kind may not hold, after {@link #normalize}.
     *
     * @return the code point, or empty when the value is acceptable
     */
    public static Optional<Integer> refusedCodePoint(String value, Kind kind) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (isRefused(cp, kind)) {
                return Optional.of(cp);
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** A code point as {@code U+XXXX}, the way error messages name it. */
    public static String describe(int codePoint) {
        return String.format("U+%04X", codePoint);
    }

    static boolean isRefused(int cp, Kind kind) {
        if (kind == Kind.EMAIL && !isAscii(cp)) {
            return true;
        }
        return Character.isISOControl(cp)
                || Character.getType(cp) == Character.SURROGATE
                || isNoncharacter(cp)
                || cp == 0xFFFD
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    /**
     * ASCII, the only characters of an address we accept (keycloak-extensions/README.md, "Text as people type it").
     */
    public static boolean isAscii(int cp) {
        return cp < 0x80;
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    /** Invisible at the edge of a value: white space, space separators, format characters, blank fillers. */
    static boolean isPadding(int cp) {
        return Character.isWhitespace(cp)
                || Character.isSpaceChar(cp)
                || cp == 0x85
                || Character.getType(cp) == Character.FORMAT
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    private static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPadding(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isPadding(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static String collapseSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                inSpace = true;
                continue;
            }
            if (inSpace) {
                out.append(' ');
                inSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }
}

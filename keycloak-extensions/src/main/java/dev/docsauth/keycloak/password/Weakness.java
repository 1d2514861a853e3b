package dev.docsauth.keycloak.password;

import com.nulabinc.zxcvbn.Pattern;
import com.nulabinc.zxcvbn.matchers.Match;

import java.util.List;

/**
 * Why a password is easy to guess, read from the parts zxcvbn split it into; each kind is a message key of the
 * theme's messages (en, fr, ar) that tells the reader what to do instead. The first kind that any part shows wins,
 * in the order declared.
 */
public enum Weakness {
    /** A part is the reader's own e-mail address, username, first or last name, or one of the site's words. */
    PERSONAL("passwordStrengthPersonal"),
    /** A part is in zxcvbn's list of the most common passwords (keyboard walks such as qwertyuiop are there too). */
    COMMON("passwordStrengthCommon"),
    /** A part is a walk along the keyboard (asdfgh, 1qaz2wsx) not in the common list. */
    KEYBOARD("passwordStrengthKeyboard"),
    /** A part is a repeat (aaaa, abcabc), a sequence (abcd, 1234), a year or a date. */
    PATTERN("passwordStrengthPattern"),
    /** Nothing in particular: too few or too common words. */
    WEAK("passwordStrengthWeak");

    private final String messageKey;

    Weakness(String messageKey) {
        this.messageKey = messageKey;
    }

    /** The key of the translated hint in the theme's messages. */
    public String messageKey() {
        return messageKey;
    }

    /** The kind that best explains a weak password, from zxcvbn's chosen parts (its match sequence). */
    public static Weakness of(List<Match> parts) {
        Weakness found = WEAK;
        for (Match part : parts) {
            Weakness kind = kindOf(part);
            if (kind.ordinal() < found.ordinal()) {
                found = kind;
            }
        }
        return found;
    }

    private static Weakness kindOf(Match part) {
        if (part.pattern == Pattern.Dictionary) {
            if ("user_inputs".equals(part.dictionaryName)) {
                return PERSONAL;
            }
            return "passwords".equals(part.dictionaryName) ? COMMON : WEAK;
        }
        if (part.pattern == Pattern.Spatial) {
            return KEYBOARD;
        }
        return part.pattern == Pattern.Bruteforce ? WEAK : PATTERN;
    }
}

package dev.docsauth.keycloak.password;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;

import java.util.List;

/**
 * zxcvbn (zxcvbn4j, a port of Dropbox's zxcvbn 4.4.2 with its dictionaries) behind one question: is this password
 * at least as hard to guess as a minimum score, and if not, why. Thread-safe; one instance serves the server.
 */
public final class StrengthEstimator {

    /**
     * Only the first this many characters are measured: zxcvbn's time grows faster than the length, and a longer
     * password is refused anyway by the realm's {@code maxLength(128)}.
     */
    public static final int MEASURED_LENGTH = 128;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /** Loads zxcvbn's dictionaries now (about a second, once) rather than on a reader's first password. */
    public StrengthEstimator warmUp() {
        zxcvbn.measure("warm up the dictionaries");
        return this;
    }

    /**
     * @param password   the password, as typed
     * @param minScore   zxcvbn's score the password must reach: 0 (anything) to 4 (about 10^10 guesses or more)
     * @param userInputs words an attacker would try first (the reader's e-mail address, names, the site's words);
     *                   matched case-insensitively
     * @return null when the password reaches {@code minScore}, else why it does not
     */
    public Weakness weakness(String password, int minScore, List<String> userInputs) {
        String measured = password.length() > MEASURED_LENGTH ? password.substring(0, MEASURED_LENGTH) : password;
        Strength strength = zxcvbn.measure(measured, userInputs);
        return strength.getScore() >= minScore ? null : Weakness.of(strength.getSequence());
    }
}

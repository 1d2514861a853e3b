package dev.docsauth.keycloak.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words a guesser tries first for one reader: each value given (e-mail address, username, first and last name,
 * the realm's name and display name) whole, and its parts: an address's local part with and without its separators,
 * its domain's labels, the words of a name. Lower case, without blanks or duplicates.
 */
public final class UserInputs {

    private final List<String> words = new ArrayList<>();

    /** Adds a value and its parts; null and blank values are skipped. */
    public UserInputs add(String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        String whole = value.strip().toLowerCase(Locale.ROOT);
        put(whole);
        int at = whole.lastIndexOf('@');
        if (at > 0) {
            String local = whole.substring(0, at);
            put(local);
            put(local.replaceAll("[^\\p{L}\\p{N}]", ""));
        }
        for (String part : whole.split("[^\\p{L}\\p{N}]+")) {
            put(part);
        }
        return this;
    }

    /** The words, in the order added (zxcvbn ranks the earlier ones as likelier). */
    public List<String> words() {
        return List.copyOf(words);
    }

    private void put(String word) {
        if (!word.isEmpty() && !words.contains(word)) {
            words.add(word);
        }
    }
}

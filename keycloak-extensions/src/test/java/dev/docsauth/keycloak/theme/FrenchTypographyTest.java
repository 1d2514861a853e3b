package dev.docsauth.keycloak.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * French typography in every French message the jar ships (the user profile's words, the login and e-mail themes):
 * the space before {@code ? ! ; : »} and after {@code «} is a no-break space (U+00A0 or the narrow U+202F), never an
 * ordinary one, so that a line never breaks between a word and its mark (Lexique des règles typographiques en usage
 * à l'Imprimerie nationale). Each file as Keycloak reads it (UTF-8), values only: comments are not shown to anyone.
 */
class FrenchTypographyTest {

    private static final Pattern BREAKABLE_SPACE = Pattern.compile(" [?!;:»]|« ");

    @ParameterizedTest
    @ValueSource(strings = {
        "/theme-resources/messages/messages_fr.properties",
        "/theme/docs/login/messages/messages_fr.properties",
        "/theme/docs/email/messages/messages_fr.properties",
    })
    void noOrdinarySpaceBeforeADoubleMark(String file) throws Exception {
        Properties messages = new Properties();
        try (InputStream in = getClass().getResourceAsStream(file)) {
            assertNotNull(in, file);
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        List<String> wrong = new ArrayList<>();
        messages.forEach((key, value) -> {
            if (BREAKABLE_SPACE.matcher((String) value).find()) wrong.add(key.toString());
        });
        assertEquals(List.of(), wrong, file + ": messages with an ordinary space at a double mark");
    }
}

package dev.docsauth.keycloak.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ConsentWordingTest {

    @Test
    void theRecordedSentenceIsTheOneTheEnglishPageShows() throws Exception {
        Properties messages = new Properties();
        try (Reader in = new InputStreamReader(getClass().getResourceAsStream("/theme-resources/messages/messages_en.properties"),
                StandardCharsets.UTF_8)) {
            messages.load(in);
        }
        assertEquals(messages.getProperty("profile.attributes.personalizationConsent.true"), ConsentWording.SENTENCE);
    }
}

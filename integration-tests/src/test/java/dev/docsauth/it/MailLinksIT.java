package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How long the links of the realm's mails live (realm-config/docs-realm.json, per action token type): a new reader's
 * verification link a day, since mail is read later than it arrives; a password-reset link 30 minutes (OWASP's
 * "Forgot Password" cheat sheet: short-lived); Keycloak's 5-minute default for the rest. Read where the reader reads
 * it: in the mail.
 */
class MailLinksIT {

    @Test
    void aVerificationLinkLivesADayAndAResetLinkHalfAnHour() {
        String email = Reader.uniqueEmail("lifespans");
        Reader reader = Reader.docsSite();
        assertTrue(Reader.reachedCallback(reader.signUp(Reader.validSignUp(email))));

        Reader.docsSite().requestPasswordReset(email);
        List<JsonNode> mails = MailCatcher.waitFor(email, 2);

        assertEquals("1 day", lifespan(mails.get(0)));
        assertEquals("30 minutes", lifespan(mails.get(1)));
    }

    /** What the mail's text says the link's lifespan is (the mails carry the link: never print them whole). */
    private static String lifespan(JsonNode mail) {
        Matcher m = Pattern.compile("expires in ([0-9]+ [a-z]+)").matcher(mail.path("text").asText());
        return m.find() ? m.group(1) : "no lifespan in the mail '" + mail.path("subject").asText() + "'";
    }
}

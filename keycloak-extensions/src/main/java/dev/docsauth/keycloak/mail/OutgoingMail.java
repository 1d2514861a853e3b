package dev.docsauth.keycloak.mail;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;

/**
 * A rendered mail waiting to be sent: the realm's SMTP settings as they were when it was asked for, the
 * recipient, subject, and the text and HTML bodies.
 */
record OutgoingMail(Map<String, String> smtp, String address, String subject, String text, String html) {

    OutgoingMail {
        smtp = new HashMap<>(smtp);
    }

    void sendWith(EmailSenderProvider sender) throws EmailException {
        sender.send(smtp, address, subject, text, html);
    }
}

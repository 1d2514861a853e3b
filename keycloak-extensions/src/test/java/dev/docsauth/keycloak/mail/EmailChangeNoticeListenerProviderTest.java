package dev.docsauth.keycloak.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EmailChangeNoticeListenerProviderTest {

    @Test
    void thePreviousAddressIsToldWhenTheAddressChanged() {
        assertEquals("old@example.org", EmailChangeNoticeListenerProvider.previousAddress(
                Map.of("previous_email", "old@example.org", "updated_email", "new@example.org")));
    }

    @Test
    void nobodyIsToldWhenNothingChanged() {
        assertNull(EmailChangeNoticeListenerProvider.previousAddress(null));
        assertNull(EmailChangeNoticeListenerProvider.previousAddress(Map.of()));
        assertNull(EmailChangeNoticeListenerProvider.previousAddress(Map.of("updated_email", "new@example.org")), "no previous address");
        assertNull(EmailChangeNoticeListenerProvider.previousAddress(Map.of("previous_email", " ", "updated_email", "new@example.org")));
        assertNull(EmailChangeNoticeListenerProvider.previousAddress(Map.of("previous_email", "old@example.org")), "not changed yet");
        assertNull(EmailChangeNoticeListenerProvider.previousAddress(
                Map.of("previous_email", "Reader@Example.org", "updated_email", "reader@example.org")), "letter case only");
    }

    @Test
    void theListenerHasItsId() {
        assertEquals("docs-email-change-notice", new EmailChangeNoticeListenerProviderFactory().getId());
    }
}

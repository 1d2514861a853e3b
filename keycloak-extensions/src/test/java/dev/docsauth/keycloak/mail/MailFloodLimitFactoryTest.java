package dev.docsauth.keycloak.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import dev.docsauth.keycloak.Fake;

class MailFloodLimitFactoryTest {

    private static final String PREFIX = "test.mail-flood.";

    @AfterEach
    void clearProperties() {
        System.clearProperty(PREFIX + "mails");
        System.clearProperty(PREFIX + "window");
    }

    private static MailFloodLimitFactory factory() {
        MailFloodLimitFactory factory = new MailFloodLimitFactory();
        factory.init(new Config.SystemPropertiesScope(PREFIX));
        return factory;
    }

    @Test
    void threeMailsPerFifteenMinutesByDefault() {
        MailFloodLimitFactory factory = factory();
        assertEquals(3, factory.mails());
        assertEquals(900, factory.windowSeconds());
        assertEquals("default", factory.getId());
        assertEquals(Map.of("mails", "3", "window", "900"), factory.getConfigMetadata().stream()
                .collect(java.util.stream.Collectors.toMap(ProviderConfigProperty::getName, p -> String.valueOf(p.getDefaultValue()))));
    }

    @Test
    void theOptionsSetTheLimit() {
        System.setProperty(PREFIX + "mails", "5");
        System.setProperty(PREFIX + "window", "60");
        MailFloodLimitFactory factory = factory();
        assertEquals(5, factory.mails());
        assertEquals(60, factory.windowSeconds());

        InMemorySingleUseObjects store = new InMemorySingleUseObjects();
        KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("singleUseObjects", args -> store));
        MailFloodLimit limit = factory.create(session);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limit.admit("reader@example.org"));
        }
        assertTrue(limit.admit("reader@example.org") > 0, "the sixth mail passed");
    }

    @Test
    void aLimitBelowOneStopsTheStartWithTheOptionsName() {
        System.setProperty(PREFIX + "mails", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, MailFloodLimitFactoryTest::factory);
        assertTrue(e.getMessage().contains("mails"), e.getMessage());
    }

    @Test
    void theSpiNamesTheProviderAndItsFactory() {
        MailFloodLimitSpi spi = new MailFloodLimitSpi();
        assertEquals("docs-mail-flood-limit", spi.getName());
        assertEquals(MailFloodLimit.class, spi.getProviderClass());
        assertEquals(MailFloodLimitFactory.class, spi.getProviderFactoryClass());
        assertTrue(!spi.isInternal());
    }
}

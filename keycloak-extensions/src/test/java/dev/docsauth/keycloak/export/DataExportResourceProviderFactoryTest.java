package dev.docsauth.keycloak.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

class DataExportResourceProviderFactoryTest {

    private static final String PREFIX = "test.data-export.";

    @AfterEach
    void clearProperties() {
        System.clearProperty(PREFIX + "requests");
        System.clearProperty(PREFIX + "window");
    }

    private static DataExportResourceProviderFactory factory() {
        DataExportResourceProviderFactory factory = new DataExportResourceProviderFactory();
        factory.init(new Config.SystemPropertiesScope(PREFIX));
        return factory;
    }

    @Test
    void tenExportsAnHourByDefault() {
        DataExportResourceProviderFactory factory = factory();
        assertEquals("data-export", factory.getId());
        assertEquals(Map.of("requests", "10", "window", "3600"), factory.getConfigMetadata().stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> String.valueOf(p.getDefaultValue()))));
        for (int i = 0; i < 10; i++) {
            assertEquals(0, factory.limit().secondsToWait("reader"));
        }
        assertEquals(360, factory.limit().secondsToWait("reader"));
    }

    @Test
    void theOptionsSetTheLimit() {
        System.setProperty(PREFIX + "requests", "2");
        System.setProperty(PREFIX + "window", "60");
        DataExportResourceProviderFactory factory = factory();
        assertEquals(0, factory.limit().secondsToWait("reader"));
        assertEquals(0, factory.limit().secondsToWait("reader"));
        long wait = factory.limit().secondsToWait("reader");
        assertTrue(wait >= 29 && wait <= 30, "waits " + wait);
    }

    @Test
    void aLimitBelowOneStopsTheStart() {
        System.setProperty(PREFIX + "requests", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, DataExportResourceProviderFactoryTest::factory);
        assertEquals("spi-realm-restapi-extension--data-export--requests must be 1 or more, not 0", e.getMessage());
    }
}

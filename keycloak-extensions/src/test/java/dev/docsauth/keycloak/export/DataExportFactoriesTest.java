package dev.docsauth.keycloak.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

/** The reader's and the admin's export factories: their ids, their rate limits' defaults and options. */
class DataExportFactoriesTest {

    private static final String PREFIX = "test.data-export.";

    /**
     * One factory: its id, what {@code init} makes of the options, its metadata, and its operator's prefix. The id and
     * the metadata are asked for inside each test, not while JUnit builds the arguments: PIT credits a mutant's
     * detection only to code run within a test, and called here they survived as mutants ({@code getId} as "",
     * {@code getConfigMetadata} as an empty list).
     */
    record Factory(String name, Supplier<String> id, Function<Config.Scope, ExportRateLimit> limit,
            Supplier<List<ProviderConfigProperty>> metadata, String prefix, int requests, long secondsAfterThem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Factory> factories() {
        DataExportResourceProviderFactory reader = new DataExportResourceProviderFactory();
        AdminDataExportResourceProviderFactory admin = new AdminDataExportResourceProviderFactory();
        return Stream.of(
                new Factory("reader", reader::getId, config -> {
                    DataExportResourceProviderFactory f = new DataExportResourceProviderFactory();
                    f.init(config);
                    return f.limit();
                }, reader::getConfigMetadata, "spi-realm-restapi-extension--data-export--", 10, 360),
                new Factory("admin", admin::getId, config -> {
                    AdminDataExportResourceProviderFactory f = new AdminDataExportResourceProviderFactory();
                    f.init(config);
                    return f.limit();
                }, admin::getConfigMetadata, "spi-admin-realm-restapi-extension--data-export--", 30, 120));
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(PREFIX + "requests");
        System.clearProperty(PREFIX + "window");
    }

    private static ExportRateLimit configured(Factory factory) {
        return factory.limit().apply(new Config.SystemPropertiesScope(PREFIX));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void theDefaultLimitIsAnHoursAllowance(Factory factory) {
        assertEquals("data-export", factory.id().get());
        assertEquals(Map.of("requests", String.valueOf(factory.requests()), "window", "3600"), factory.metadata().get().stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> String.valueOf(p.getDefaultValue()))));
        assertTrue(factory.metadata().get().get(0).getHelpText().contains("each " + factory.name() + " "),
                factory.metadata().get().get(0).getHelpText());
        ExportRateLimit limit = configured(factory);
        for (int i = 0; i < factory.requests(); i++) {
            assertEquals(0, limit.secondsToWait("caller"));
        }
        assertEquals(factory.secondsAfterThem(), limit.secondsToWait("caller"));
        assertEquals(0, limit.secondsToWait("another caller"));
    }

    @ParameterizedTest
    @MethodSource("factories")
    void theOptionsSetTheLimitDownToOneExport(Factory factory) {
        System.setProperty(PREFIX + "requests", "1");
        System.setProperty(PREFIX + "window", "60");
        ExportRateLimit limit = configured(factory);
        assertEquals(0, limit.secondsToWait("caller"));
        long wait = limit.secondsToWait("caller");
        assertTrue(wait >= 59 && wait <= 60, "waits " + wait);
    }

    @ParameterizedTest
    @MethodSource("factories")
    void aLimitBelowOneStopsTheStart(Factory factory) {
        System.setProperty(PREFIX + "window", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configured(factory));
        assertEquals(factory.prefix() + "window must be 1 or more, not 0", e.getMessage());
    }
}

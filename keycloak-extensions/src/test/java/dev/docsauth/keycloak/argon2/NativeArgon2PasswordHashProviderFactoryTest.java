package dev.docsauth.keycloak.argon2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

class NativeArgon2PasswordHashProviderFactoryTest {

    private static final String PREFIX = "test.argon2.";

    @AfterEach
    void clearProperties() {
        for (String name : new String[] {"native", "memory", "iterations", "type", "cpuCores"}) {
            System.clearProperty(PREFIX + name);
        }
    }

    private static NativeArgon2PasswordHashProviderFactory factory() {
        NativeArgon2PasswordHashProviderFactory factory = new NativeArgon2PasswordHashProviderFactory();
        factory.init(new Config.SystemPropertiesScope(PREFIX));
        return factory;
    }

    @Test
    void takesOverKeycloaksArgon2() {
        NativeArgon2PasswordHashProviderFactory factory = new NativeArgon2PasswordHashProviderFactory();
        assertEquals("argon2", factory.getId());
        assertTrue(factory.order() > 300, "Keycloak's own argon2 factory has order 300");
    }

    @Test
    void nativeByDefaultWithKeycloaksParameters() {
        NativeArgon2PasswordHashProviderFactory factory = factory();
        assertEquals(NativeArgon2EngineTest.nativeEngine().description(), factory.getOperationalInfo().get("engine"));
        assertEquals("Argon2id-1.3[m=7168,t=5,p=1]", factory.getOperationalInfo().get("parameters"));
        PasswordCredentialModel credential = factory.create(null).encodedCredential("pw", -1);
        assertEquals("7168", credential.getPasswordCredentialData().getAdditionalParameters().getFirst("memory"));
    }

    @Test
    void readsKeycloaksOptions() {
        System.setProperty(PREFIX + "memory", "4096");
        System.setProperty(PREFIX + "iterations", "3");
        System.setProperty(PREFIX + "type", "i");
        assertEquals("Argon2i-1.3[m=4096,t=3,p=1]", factory().getOperationalInfo().get("parameters"));
    }

    @Test
    void nativeFalseUsesBouncyCastle() {
        System.setProperty(PREFIX + "native", "false");
        NativeArgon2PasswordHashProviderFactory factory = factory();
        assertEquals("java (BouncyCastle)", factory.getOperationalInfo().get("engine"));
        PasswordCredentialModel credential = factory.create(null).encodedCredential("pw", -1);
        assertTrue(new NativeArgon2PasswordHashProviderFactory() {{ init(new Config.SystemPropertiesScope(PREFIX + "x.")); }}
                .create(null).verify("pw", credential), "a Java-made hash verifies natively");
    }

    @Test
    void documentsEveryOptionKeycloakHas() {
        Set<String> names = new NativeArgon2PasswordHashProviderFactory().getConfigMetadata().stream()
                .map(ProviderConfigProperty::getName).collect(Collectors.toSet());
        assertEquals(Set.of("native", "version", "type", "hashLength", "memory", "iterations", "parallelism",
                "cpuCores"), names);
    }
}

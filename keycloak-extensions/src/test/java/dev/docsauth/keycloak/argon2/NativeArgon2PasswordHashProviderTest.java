package dev.docsauth.keycloak.argon2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keycloak.models.credential.PasswordCredentialModel;

class NativeArgon2PasswordHashProviderTest {

    private static final Argon2Settings SETTINGS = Argon2Settings.KEYCLOAK_DEFAULTS;

    private static NativeArgon2PasswordHashProvider provider(Argon2Engine engine) {
        return new NativeArgon2PasswordHashProvider(SETTINGS, new Semaphore(2), engine);
    }

    /** What Keycloak's own Argon2PasswordHashProvider stores: Base64 of BouncyCastle's hash of the UTF-8 password. */
    private static PasswordCredentialModel keycloakCredential(String password, String type, String version, int t,
                                                              int m, int p, int length) {
        byte[] salt = "keycloak-salt-16".getBytes(StandardCharsets.UTF_8);
        int typeValue = Map.of("d", 0, "i", 1, "id", 2).get(type);
        int versionValue = "1.3".equals(version) ? 0x13 : 0x10;
        byte[] hash = new BouncyCastleArgon2Engine().hash(typeValue, versionValue, t, m, p,
                password.getBytes(StandardCharsets.UTF_8), salt, length);
        Map<String, List<String>> parameters = new HashMap<>();
        parameters.put("version", List.of(version));
        parameters.put("type", List.of(type));
        parameters.put("hashLength", List.of(String.valueOf(length)));
        parameters.put("memory", List.of(String.valueOf(m)));
        parameters.put("parallelism", List.of(String.valueOf(p)));
        return PasswordCredentialModel.createFromValues("argon2", salt, t, parameters,
                Base64.getEncoder().encodeToString(hash));
    }

    @Test
    void verifiesWhatKeycloaksProviderStored() {
        NativeArgon2PasswordHashProvider ours = provider(NativeArgon2EngineTest.nativeEngine());
        PasswordCredentialModel stored = keycloakCredential("été 🔑 password", "id", "1.3", 5, 7168, 1, 32);
        assertTrue(ours.verify("été 🔑 password", stored));
        assertFalse(ours.verify("été 🔑 passwore", stored));
        assertFalse(ours.verify("", stored));
        // Parameters come from the credential, not from the settings: older or tuned hashes still verify.
        assertTrue(ours.verify("s3cret", keycloakCredential("s3cret", "i", "1.0", 2, 256, 2, 64)));
    }

    @Test
    void storesWhatKeycloaksProviderVerifies() {
        PasswordCredentialModel credential = provider(NativeArgon2EngineTest.nativeEngine())
                .encodedCredential("correct horse", -1);
        assertEquals("argon2", credential.getPasswordCredentialData().getAlgorithm());
        assertEquals(5, credential.getPasswordCredentialData().getHashIterations());
        assertEquals(Map.of("version", List.of("1.3"), "type", List.of("id"), "hashLength", List.of("32"),
                "memory", List.of("7168"), "parallelism", List.of("1")),
                credential.getPasswordCredentialData().getAdditionalParameters());
        byte[] salt = credential.getPasswordSecretData().getSalt();
        assertEquals(16, salt.length);
        byte[] expected = new BouncyCastleArgon2Engine().hash(2, 0x13, 5, 7168, 1,
                "correct horse".getBytes(StandardCharsets.UTF_8), salt, 32);
        assertEquals(Base64.getEncoder().encodeToString(expected), credential.getPasswordSecretData().getValue());
    }

    @Test
    void eachCredentialHasItsOwnSalt() {
        NativeArgon2PasswordHashProvider ours = provider(new BouncyCastleArgon2Engine());
        assertNotEquals(ours.encodedCredential("same", -1).getPasswordSecretData().getValue(),
                ours.encodedCredential("same", -1).getPasswordSecretData().getValue());
    }

    @Test
    void policyIterationsAreIgnoredUnlessSmall() {
        NativeArgon2PasswordHashProvider ours = provider(new BouncyCastleArgon2Engine());
        assertEquals(5, ours.encodedCredential("x", 210_000).getPasswordCredentialData().getHashIterations());
        assertEquals(3, ours.encodedCredential("x", 3).getPasswordCredentialData().getHashIterations());
    }

    @Test
    void policyIterationsUpToAHundredAreKept() {
        List<Integer> asked = new ArrayList<>();
        Argon2Engine recording = new Argon2Engine() {
            @Override
            public byte[] hash(int type, int version, int t, int m, int p, byte[] password, byte[] salt, int len) {
                asked.add(t);
                return new byte[len];
            }

            @Override
            public String description() {
                return "recording";
            }
        };
        NativeArgon2PasswordHashProvider ours = provider(recording);
        assertEquals(100, ours.encodedCredential("x", 100).getPasswordCredentialData().getHashIterations());
        assertEquals(5, ours.encodedCredential("x", 101).getPasswordCredentialData().getHashIterations());
        assertEquals(5, ours.encodedCredential("x", -1).getPasswordCredentialData().getHashIterations());
        assertEquals(List.of(100, 5, 5), asked);
    }

    @Test
    void policyCheckAsksForARehashWhenAnyParameterDiffers() {
        NativeArgon2PasswordHashProvider ours = provider(new BouncyCastleArgon2Engine());
        assertTrue(ours.policyCheck(null, keycloakCredential("x", "id", "1.3", 5, 7168, 1, 32)));
        assertFalse(ours.policyCheck(null, keycloakCredential("x", "id", "1.3", 4, 7168, 1, 32)));
        assertFalse(ours.policyCheck(null, keycloakCredential("x", "i", "1.3", 5, 7168, 1, 32)));
        assertFalse(ours.policyCheck(null, keycloakCredential("x", "id", "1.0", 5, 7168, 1, 32)));
        assertFalse(ours.policyCheck(null, keycloakCredential("x", "id", "1.3", 5, 4096, 1, 32)));
        assertFalse(ours.policyCheck(null, keycloakCredential("x", "id", "1.3", 5, 7168, 2, 32)));
        assertFalse(ours.policyCheck(null, keycloakCredential("x", "id", "1.3", 5, 7168, 1, 64)));
    }

    @Test
    void strengthReadsLikeKeycloaks() {
        assertEquals("Argon2id-1.3[m=7168,t=5,p=1]", provider(new BouncyCastleArgon2Engine())
                .credentialHashingStrength(keycloakCredential("x", "id", "1.3", 5, 7168, 1, 32)));
    }

    @Test
    void unknownTypeIsRefused() {
        NativeArgon2PasswordHashProvider ours = provider(new BouncyCastleArgon2Engine());
        PasswordCredentialModel credential = keycloakCredential("x", "id", "1.3", 1, 64, 1, 32);
        credential.getPasswordCredentialData().getAdditionalParameters().putSingle("type", "x");
        assertThrows(IllegalArgumentException.class, () -> ours.verify("x", credential));
    }

    @Test
    void thePasswordsBytesAreWipedOnceHashed() {
        List<byte[]> seen = new ArrayList<>();
        List<byte[]> handed = new ArrayList<>();
        Argon2Engine keeping = new Argon2Engine() {
            @Override
            public byte[] hash(int type, int version, int t, int m, int p, byte[] password, byte[] salt, int len) {
                seen.add(password.clone());
                handed.add(password);
                return new byte[len];
            }

            @Override
            public String description() {
                return "keeping";
            }
        };
        provider(keeping).encodedCredential("pässwörd", -1);
        // compared without printing them: no password in an assertion message
        assertTrue(Arrays.equals("pässwörd".getBytes(StandardCharsets.UTF_8), seen.get(0)), "the engine got the UTF-8 bytes");
        assertTrue(Arrays.equals(new byte[seen.get(0).length], handed.get(0)), "and they are zeros once the hash is made");
    }

    @Test
    void aHashWaitsForAFreeCore() throws Exception {
        Semaphore oneCore = new Semaphore(1);
        AtomicInteger entered = new AtomicInteger();
        CountDownLatch firstHashing = new CountDownLatch(1);
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        Argon2Engine blocking = new Argon2Engine() {
            @Override
            public byte[] hash(int type, int version, int t, int m, int p, byte[] password, byte[] salt, int len) {
                if (entered.incrementAndGet() == 1) {
                    firstHashing.countDown();
                    try {
                        firstMayFinish.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new byte[len];
            }

            @Override
            public String description() {
                return "blocking";
            }
        };
        NativeArgon2PasswordHashProvider ours = new NativeArgon2PasswordHashProvider(SETTINGS, oneCore, blocking);
        ExecutorService signIns = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = signIns.submit(() -> ours.encodedCredential("first", -1));
            firstHashing.await();
            Future<?> second = signIns.submit(() -> ours.encodedCredential("second", -1));
            while (!oneCore.hasQueuedThreads() && entered.get() < 2) {
                Thread.yield(); // until the second waits for the core, or hashes beside the first
            }
            assertEquals(1, entered.get(), "one core: the second hash waits while the first runs");
            firstMayFinish.countDown();
            first.get();
            second.get();
            assertEquals(2, entered.get());
            assertEquals(1, oneCore.availablePermits(), "the core is free again");
        } finally {
            firstMayFinish.countDown();
            signIns.shutdownNow();
        }
    }
}

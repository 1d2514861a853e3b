package dev.docsauth.keycloak.argon2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The native library against BouncyCastle (Keycloak's own computation), over the parameters Keycloak accepts. */
class NativeArgon2EngineTest {

    private static final BouncyCastleArgon2Engine JAVA = new BouncyCastleArgon2Engine();

    /** The jar is built with the library on Linux x86-64 (make test, CI): its absence there is a failure. */
    static NativeArgon2Engine nativeEngine() {
        return NativeArgon2Engine.load().orElseThrow(() -> new AssertionError(
                "the native Argon2 library did not load: see the [native] lines of the Maven build"));
    }

    static Stream<Arguments> parameters() {
        List<Arguments> cases = new ArrayList<>();
        for (int type : new int[] {Argon2Engine.TYPE_D, Argon2Engine.TYPE_I, Argon2Engine.TYPE_ID}) {
            for (int version : new int[] {Argon2Engine.VERSION_10, Argon2Engine.VERSION_13}) {
                cases.add(Arguments.of(type, version, 1, 8, 1, 32));
                cases.add(Arguments.of(type, version, 3, 256, 4, 16));
            }
        }
        cases.add(Arguments.of(Argon2Engine.TYPE_ID, Argon2Engine.VERSION_13, 5, 7168, 1, 32)); // Keycloak's default
        cases.add(Arguments.of(Argon2Engine.TYPE_ID, Argon2Engine.VERSION_13, 2, 1031, 3, 64)); // odd sizes
        cases.add(Arguments.of(Argon2Engine.TYPE_ID, Argon2Engine.VERSION_13, 1, 65536, 1, 32)); // 64 MiB
        return cases.stream();
    }

    @ParameterizedTest(name = "type {0} version {1} t={2} m={3} p={4} len={5}")
    @MethodSource("parameters")
    void sameHashAsBouncyCastle(int type, int version, int t, int m, int p, int length) {
        Random random = new Random(31L * t + m + p + type + version);
        for (byte[] password : passwords(random)) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            assertArrayEquals(JAVA.hash(type, version, t, m, p, password, salt, length),
                    nativeEngine().hash(type, version, t, m, p, password, salt, length));
        }
    }

    private static List<byte[]> passwords(Random random) {
        byte[] binary = new byte[1024];
        random.nextBytes(binary);
        return List.of(new byte[0], "correct horse".getBytes(StandardCharsets.UTF_8),
                "mot de passe été 🔑 كلمة".getBytes(StandardCharsets.UTF_8), binary);
    }

    @Test
    void differentInputsGiveDifferentHashes() {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] a = nativeEngine().hash(2, 0x13, 1, 64, 1, "a".getBytes(StandardCharsets.UTF_8), salt, 32);
        byte[] b = nativeEngine().hash(2, 0x13, 1, 64, 1, "b".getBytes(StandardCharsets.UTF_8), salt, 32);
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void parametersOutOfRangeAreRefusedLikeBouncyCastle() {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] shortSalt = "1234567".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nativeEngine().hash(2, 0x13, 0, 64, 1, new byte[1], salt, 32));
        assertTrue(e.getMessage().startsWith("Argon2: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> nativeEngine().hash(2, 0x13, 1, 64, 1, new byte[1], shortSalt, 32));
        assertThrows(IllegalArgumentException.class, () -> nativeEngine().hash(2, 0x13, 1, 64, 1, new byte[1], salt, 3));
    }

    @Test
    void describesItsVariant() {
        String forced = System.getProperty("docs.argon2.variant");
        String expected = forced != null ? "native \\(" + forced + "\\)" : "native \\((avx2|sse2)\\)";
        assertTrue(nativeEngine().description().matches(expected), nativeEngine().description());
    }

    @Test
    void selfTestCatchesAnEngineThatDisagrees() {
        Argon2Engine wrong = new Argon2Engine() {
            @Override
            public byte[] hash(int type, int version, int t, int m, int p, byte[] password, byte[] salt, int len) {
                byte[] out = JAVA.hash(type, version, t, m, p, password, salt, len);
                out[0] ^= 1;
                return out;
            }

            @Override
            public String description() {
                return "wrong";
            }
        };
        assertFalse(nativeEngine().agreesWith(wrong));
        assertTrue(nativeEngine().agreesWith(JAVA));
    }

    @Test
    void otherPlatformsAndMissingLibrariesFallBack() {
        assertEquals(Optional.empty(), NativeArgon2Engine.load("Mac OS X", "aarch64", () -> "", name -> null));
        assertEquals(Optional.empty(), NativeArgon2Engine.load("Linux", "aarch64", () -> "", name -> null));
        assertEquals(Optional.empty(), NativeArgon2Engine.load("Linux", "amd64", () -> "flags: sse2", name -> null));
        // A file that is not a shared library: System.load fails, the caller falls back.
        assertEquals(Optional.empty(), NativeArgon2Engine.load("Linux", "amd64", () -> "flags: sse2",
                name -> new ByteArrayInputStream("not an ELF file".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void picksTheAvx2BuildOnlyWhenTheCpuHasIt() {
        String forced = System.clearProperty("docs.argon2.variant");
        try {
            assertEquals(List.of("/native/linux-x86_64/libdocs_argon2_avx2.so",
                    "/native/linux-x86_64/libdocs_argon2_sse2.so"), variantsAsked());
            System.setProperty("docs.argon2.variant", "sse2");
            assertEquals(List.of("/native/linux-x86_64/libdocs_argon2_sse2.so",
                    "/native/linux-x86_64/libdocs_argon2_sse2.so"), variantsAsked());
        } finally {
            if (forced == null) {
                System.clearProperty("docs.argon2.variant");
            } else {
                System.setProperty("docs.argon2.variant", forced);
            }
        }
    }

    private static List<String> variantsAsked() {
        List<String> asked = new ArrayList<>();
        NativeArgon2Engine.load("Linux", "amd64", () -> "flags\t\t: fpu sse2 avx avx2 bmi2", name -> {
            asked.add(name);
            return null;
        });
        NativeArgon2Engine.load("Linux", "x86_64", () -> "flags\t\t: fpu sse2 avx", name -> {
            asked.add(name);
            return null;
        });
        return asked;
    }
}

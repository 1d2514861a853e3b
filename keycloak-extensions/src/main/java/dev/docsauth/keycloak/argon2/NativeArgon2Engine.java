package dev.docsauth.keycloak.argon2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Argon2 by the reference C library's SIMD code, shipped in this jar (src/main/native): about 4x less CPU per
 * hash than BouncyCastle's Java on AVX2 machines. Loaded once per JVM, and used only after it reproduced the Java
 * engine's result; any failure leaves Keycloak on the Java engine.
 */
public final class NativeArgon2Engine implements Argon2Engine {

    private static final Logger LOG = Logger.getLogger(NativeArgon2Engine.class);
    private static final String RESOURCE = "/native/linux-x86_64/libdocs_argon2_%s.so";
    private static final Object LOCK = new Object();
    private static Optional<NativeArgon2Engine> loaded;

    private final String variant;

    private NativeArgon2Engine(String variant) {
        this.variant = variant;
    }

    /** The engine of this JVM, or empty (with the reason logged once) where the library cannot be used. */
    public static Optional<NativeArgon2Engine> load() {
        synchronized (LOCK) {
            if (loaded == null) {
                loaded = load(System.getProperty("os.name"), System.getProperty("os.arch"),
                        NativeArgon2Engine::cpuFlags, NativeArgon2Engine.class::getResourceAsStream);
            }
            return loaded;
        }
    }

    interface Resources {
        InputStream open(String name);
    }

    static Optional<NativeArgon2Engine> load(String os, String arch, Supplier<String> cpuFlags, Resources resources) {
        if (!"Linux".equals(os) || !("amd64".equals(arch) || "x86_64".equals(arch))) {
            LOG.infof("Argon2: no native library for %s/%s, using Keycloak's Java Argon2", os, arch);
            return Optional.empty();
        }
        // The SSE2 build runs on every x86-64 CPU; the system property forces it (tests, or a CPU that misreports).
        String variant = "sse2".equals(System.getProperty("docs.argon2.variant"))
                || !Arrays.asList(cpuFlags.get().split("\\s+")).contains("avx2") ? "sse2" : "avx2";
        String name = String.format(RESOURCE, variant);
        try (InputStream in = resources.open(name)) {
            if (in == null) {
                LOG.warnf("Argon2: %s is not in the jar (built without a C compiler?), using Keycloak's Java Argon2",
                        name);
                return Optional.empty();
            }
            Path file = Files.createTempFile("docs-argon2-", ".so",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toString());
            } finally {
                Files.deleteIfExists(file); // a loaded library stays mapped; nothing is left in the temp folder
            }
        } catch (IOException | LinkageError | SecurityException e) {
            LOG.warnf("Argon2: the native library could not be loaded (%s), using Keycloak's Java Argon2", e);
            return Optional.empty();
        }
        NativeArgon2Engine engine = new NativeArgon2Engine(variant);
        if (!engine.agreesWith(new BouncyCastleArgon2Engine())) {
            LOG.errorf("Argon2: the native library (%s) disagrees with BouncyCastle, using Keycloak's Java Argon2",
                    variant);
            return Optional.empty();
        }
        LOG.infof("Argon2: native library (%s) in use, checked against BouncyCastle", variant);
        return Optional.of(engine);
    }

    /** A small self-test at load: every type and version, against the Java engine. */
    boolean agreesWith(Argon2Engine reference) {
        byte[] password = "pässwörd \uD83D\uDD11".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "docs-auth-selftest".getBytes(StandardCharsets.UTF_8);
        for (int type : new int[] {TYPE_D, TYPE_I, TYPE_ID}) {
            for (int version : new int[] {VERSION_10, VERSION_13}) {
                byte[] ours = hash(type, version, 2, 64, 2, password, salt, 32);
                byte[] theirs = reference.hash(type, version, 2, 64, 2, password, salt, 32);
                if (!Arrays.equals(ours, theirs)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public byte[] hash(int type, int version, int iterations, int memoryKiB, int parallelism, byte[] password,
                       byte[] salt, int hashLength) {
        byte[] out = new byte[hashLength];
        int rc = hash0(type, version, iterations, memoryKiB, parallelism, password, salt, out);
        if (rc != 0) {
            // The same kind of failure as BouncyCastle's for parameters out of range.
            throw new IllegalArgumentException("Argon2: " + errorMessage0(rc));
        }
        return out;
    }

    @Override
    public String description() {
        return "native (" + variant + ")";
    }

    private static String cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static native int hash0(int type, int version, int iterations, int memoryKiB, int parallelism,
                                     byte[] password, byte[] salt, byte[] out);

    private static native String errorMessage0(int code);
}

package dev.docsauth.keycloak.argon2;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** The computation of Keycloak's own Argon2 provider (BouncyCastle, in Java): the reference and the fallback. */
public final class BouncyCastleArgon2Engine implements Argon2Engine {

    @Override
    public byte[] hash(int type, int version, int iterations, int memoryKiB, int parallelism, byte[] password,
                       byte[] salt, int hashLength) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withSalt(salt)
                .withParallelism(parallelism)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .build());
        byte[] result = new byte[hashLength];
        generator.generateBytes(password, result);
        return result;
    }

    @Override
    public String description() {
        return "java (BouncyCastle)";
    }
}

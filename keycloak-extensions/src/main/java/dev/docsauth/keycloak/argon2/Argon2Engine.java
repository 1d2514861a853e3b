package dev.docsauth.keycloak.argon2;

/** Computes one raw Argon2 hash. Types and versions use the numbers of RFC 9106 (and of BouncyCastle and libargon2). */
public interface Argon2Engine {

    int TYPE_D = 0;
    int TYPE_I = 1;
    int TYPE_ID = 2;
    int VERSION_10 = 0x10;
    int VERSION_13 = 0x13;

    /** @param password the password's UTF-8 bytes, as BouncyCastle (and so Keycloak) encodes them */
    byte[] hash(int type, int version, int iterations, int memoryKiB, int parallelism, byte[] password, byte[] salt,
                int hashLength);

    /** For logs and the admin console's provider info, e.g. "native (avx2)". */
    String description();
}

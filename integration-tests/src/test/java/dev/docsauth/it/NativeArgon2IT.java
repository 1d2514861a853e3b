package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Our jar takes over Keycloak's argon2 password hashing with a native library: the server says so, and the
 * stored hashes are exactly those of Keycloak's own Java Argon2 (BouncyCastle), in both directions.
 */
class NativeArgon2IT {

    private static final String PASSWORD = "ünïcode pässword 🔑";

    @Test
    void theServerHashesNatively() {
        JsonNode argon2 = Json.get(Stack.KEYCLOAK_URL + "/admin/serverinfo", AdminApi.token()).json()
                .path("providers").path("password-hashing").path("providers").path("argon2");
        assertEquals(301, argon2.path("order").asInt(), "Keycloak's own argon2 factory won: " + argon2);
        String engine = argon2.path("operationalInfo").path("engine").asText();
        assertTrue(engine.equals("native (avx2)") || engine.equals("native (sse2)"), argon2.toString());
        assertEquals("Argon2id-1.3[m=7168,t=5,p=1]", argon2.path("operationalInfo").path("parameters").asText());
    }

    @Test
    void aHashMadeByKeycloaksJavaArgon2SignsIn() {
        String email = Reader.uniqueEmail("java-hash");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = Base64.getEncoder().encodeToString(bouncyCastle(PASSWORD, salt, 5, 7168, 1, 32));
        Map<String, Object> user = Map.of("username", email, "email", email, "enabled", true, "emailVerified", true,
                "firstName", "Ada", "lastName", "Lovelace",
                "attributes", ProfileRulesIT.background("advanced", "researcher", null),
                "credentials", List.of(Map.of("type", "password",
                        "secretData", "{\"value\":\"" + hash + "\",\"salt\":\""
                                + Base64.getEncoder().encodeToString(salt) + "\",\"additionalParameters\":{}}",
                        "credentialData", "{\"hashIterations\":5,\"algorithm\":\"argon2\",\"additionalParameters\":"
                                + "{\"hashLength\":[\"32\"],\"memory\":[\"7168\"],\"type\":[\"id\"],"
                                + "\"version\":[\"1.3\"],\"parallelism\":[\"1\"]}}")));
        Json.Response imported = Json.post(AdminApi.BASE + "/partialImport", AdminApi.token(),
                Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
        assertEquals(200, imported.status(), imported.body());

        assertFalse(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD + "x")));
        assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD)));
    }

    @Test
    void aPasswordSetThroughKeycloakIsStoredAsItsJavaArgon2WouldStoreIt() throws SQLException {
        String email = Reader.uniqueEmail("native-hash");
        String id = AdminApi.createUser(email, ProfileRulesIT.background("beginner", "student", null), PASSWORD);
        try (Connection db = DriverManager.getConnection(Stack.DB_URL, Stack.DB_USER, Stack.DB_PASSWORD);
             PreparedStatement st = db.prepareStatement(
                     "SELECT secret_data, credential_data FROM credential WHERE user_id = ? AND type = 'password'")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "no password credential stored");
                JsonNode secret = Json.MAPPER.readTree(rs.getString(1));
                JsonNode data = Json.MAPPER.readTree(rs.getString(2));
                assertEquals("argon2", data.path("algorithm").asText());
                assertEquals(5, data.path("hashIterations").asInt());
                JsonNode parameters = data.path("additionalParameters");
                assertEquals("id", parameters.path("type").get(0).asText());
                assertEquals("1.3", parameters.path("version").get(0).asText());
                assertEquals("7168", parameters.path("memory").get(0).asText());
                byte[] salt = Base64.getDecoder().decode(secret.path("salt").asText());
                assertEquals(Base64.getEncoder().encodeToString(bouncyCastle(PASSWORD, salt, 5, 7168, 1, 32)),
                        secret.path("value").asText());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertTrue(Reader.reachedCallback(Reader.docsSite().signIn(email, PASSWORD)));
    }

    /** What Keycloak's Argon2PasswordHashProvider computes. */
    private static byte[] bouncyCastle(String password, byte[] salt, int t, int m, int p, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withIterations(t)
                .withMemoryAsKB(m).withParallelism(p).build());
        byte[] out = new byte[length];
        generator.generateBytes(password.toCharArray(), out);
        return out;
    }
}

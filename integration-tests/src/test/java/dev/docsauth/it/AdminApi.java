package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Keycloak's admin REST API for realm docs, as the development admin. */
final class AdminApi {

    static final String BASE = Stack.KEYCLOAK_URL + "/admin/realms/" + Stack.REALM;

    private AdminApi() {
    }

    static String token() {
        Json.Response r = Json.postForm(Stack.KEYCLOAK_URL + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=" + Browser.encode(Stack.ADMIN_USER)
                        + "&password=" + Browser.encode(Stack.ADMIN_PASSWORD));
        assertEquals(200, r.status(), r.body());
        return r.json().get("access_token").asText();
    }

    static Optional<JsonNode> userByEmail(String email) {
        JsonNode users = Json.get(BASE + "/users?exact=true&email=" + Browser.encode(email), token()).json();
        return users.size() == 0 ? Optional.empty() : Optional.of(user(users.get(0).get("id").asText()));
    }

    static JsonNode user(String id) {
        Json.Response r = Json.get(BASE + "/users/" + id + "?userProfileMetadata=false", token());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** Creates a user as an admin would; returns its id. */
    static String createUser(String email, Map<String, List<String>> attributes, String password) {
        Map<String, Object> rep = new java.util.HashMap<>(Map.of("username", email, "email", email, "enabled", true,
                "emailVerified", true, "firstName", "Ada", "lastName", "Lovelace", "attributes", attributes));
        SecretsSeen.seen("email", email);
        if (password != null) {
            SecretsSeen.seen("password", password);
            rep.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        }
        Json.Response r = Json.post(BASE + "/users", token(), rep);
        assertEquals(201, r.status(), r.body());
        return userByEmail(email).orElseThrow().get("id").asText();
    }

    /** Deletes a user as an admin would in the console. */
    static void deleteUser(String id) {
        Json.Response r = Json.delete(BASE + "/users/" + id, token());
        assertEquals(204, r.status(), r.body());
    }

    static String attribute(JsonNode user, String name) {
        JsonNode values = user.path("attributes").path(name);
        return values.isArray() && values.size() > 0 ? values.get(0).asText() : null;
    }
}

package dev.docsauth.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The meters' fixed tag values are the user profile's options: a new option in one place fails the build. */
class CohortMetersMatchTheProfileTest {

    private static Set<String> optionsOf(String attribute) throws IOException {
        JsonNode profile = new ObjectMapper().readTree(Path.of("..", "realm-config", "user-profile.json").toFile());
        Set<String> options = new HashSet<>();
        for (JsonNode a : profile.get("attributes")) {
            if (attribute.equals(a.get("name").asText())) {
                a.path("validations").path("options").path("options").forEach(v -> options.add(v.asText()));
            }
        }
        return options;
    }

    @Test
    void levelsAreTheExperienceLevelOptions() throws IOException {
        assertEquals(optionsOf("experienceLevel"), CohortMeters.LEVELS);
    }

    @Test
    void rolesAreTheProfessionalRoleOptions() throws IOException {
        assertEquals(optionsOf("professionalRole"), CohortMeters.ROLES);
    }
}

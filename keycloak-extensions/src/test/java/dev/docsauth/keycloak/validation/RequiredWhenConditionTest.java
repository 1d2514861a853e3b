package dev.docsauth.keycloak.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidationResult;
import org.keycloak.validate.ValidatorConfig;
import org.keycloak.validate.validators.ValidatorConfigValidator;

class RequiredWhenConditionTest {

    private static final Map<String, Object> CONFIG = Map.of("attribute", "professionalRole", "values", List.of("other", "unsure"));

    @Test
    void holdsWhenTheOtherAttributeHasOneOfTheValues() {
        RequiredWhenCondition c = RequiredWhenCondition.from(CONFIG);
        assertTrue(c.holdsFor(FakeAttributes.of(Map.of("professionalRole", List.of("other")))));
        assertTrue(c.holdsFor(FakeAttributes.of(Map.of("professionalRole", List.of("unsure")))));
        assertFalse(c.holdsFor(FakeAttributes.of(Map.of("professionalRole", List.of("student")))));
        assertFalse(c.holdsFor(FakeAttributes.of(Map.of())));
        assertFalse(c.holdsFor(FakeAttributes.of(Map.of("professionalRole", List.of("Other")))), "values match exactly");
    }

    @Test
    void aSingleStringIsAcceptedAsTheOnlyValue() {
        Map<String, Object> config = Map.of("attribute", "plan", "values", "pro");
        assertTrue(RequiredWhenCondition.validateConfig("required-when", new ValidatorConfig(config)).isValid());
        assertEquals(Set.of("pro"), RequiredWhenCondition.from(config).values());
    }

    @Test
    void aGoodConfigurationIsValid() {
        assertTrue(RequiredWhenCondition.validateConfig("required-when", new ValidatorConfig(CONFIG)).isValid());
    }

    @Test
    void eachMistakeInTheConfigurationIsNamed() {
        assertErrors(Map.of(), "attribute", ValidatorConfigValidator.MESSAGE_CONFIG_MISSING_VALUE,
                "values", ValidatorConfigValidator.MESSAGE_CONFIG_MISSING_VALUE);
        assertErrors(with("attribute", ""), "attribute", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
        assertErrors(with("attribute", "has space"), "attribute", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
        assertErrors(with("attribute", 42), "attribute", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
        assertErrors(with("values", List.of()), "values", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
        assertErrors(with("values", List.of("other", " ")), "values", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
        assertErrors(with("values", List.of("other", 3)), "values", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
        assertErrors(with("values", Map.of("a", "b")), "values", ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE);
    }

    @Test
    void noConfigurationAtAllIsRefused() {
        assertFalse(RequiredWhenCondition.validateConfig("required-when", null).isValid());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new HashMap<>(CONFIG);
        m.put(key, value);
        return m;
    }

    private static void assertErrors(Map<String, Object> config, String... hintAndMessage) {
        ValidationResult result = RequiredWhenCondition.validateConfig("required-when", new ValidatorConfig(config));
        assertFalse(result.isValid(), "accepted " + config);
        assertEquals(hintAndMessage.length / 2, result.getErrors().size(), result.getErrors().toString());
        for (int i = 0; i < hintAndMessage.length; i += 2) {
            String hint = hintAndMessage[i];
            String message = hintAndMessage[i + 1];
            assertTrue(result.getErrors().stream().map(ValidationError::getInputHint).anyMatch(hint::equals), "no error for " + hint);
            assertTrue(result.getErrorsForInputHint(hint).stream().allMatch(e -> e.getMessage().equals(message)));
        }
    }
}

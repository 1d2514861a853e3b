package dev.docsauth.keycloak.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

class RequiredWhenValidatorTest {

    private final RequiredWhenValidator validator = new RequiredWhenValidator();
    private final ValidatorConfig config = new ValidatorConfig(Map.of("attribute", "professionalRole", "values", List.of("other")));

    @Test
    void requiredWhenTheConditionHolds() {
        for (Object blank : new Object[] {null, "", "  ", List.of(), List.of(""), java.util.Arrays.asList((String) null)}) {
            ValidationContext result = validate("other", blank, config);
            assertFalse(result.isValid(), "accepted " + blank);
            ValidationError error = result.getErrors().iterator().next();
            assertEquals(RequiredWhenValidator.ID, error.getValidatorId());
            assertEquals("roleOther", error.getInputHint());
            assertEquals(RequiredWhenValidator.MESSAGE_REQUIRED, error.getMessage());
            assertEquals(List.of("professionalRole", "other"), List.of(error.getMessageParameters()));
        }
    }

    @Test
    void aValueSatisfiesIt() {
        assertTrue(validate("other", List.of("Developer advocate"), config).isValid());
        assertTrue(validate("other", "Developer advocate", config).isValid());
    }

    @Test
    void notRequiredWhenTheConditionDoesNotHold() {
        assertTrue(validate("student", List.of(), config).isValid());
        assertTrue(validate(null, null, config).isValid());
    }

    @Test
    void theErrorMessageKeyCanBeConfigured() {
        ValidatorConfig custom = new ValidatorConfig(Map.of("attribute", "professionalRole", "values", List.of("other"),
                RequiredWhenValidator.CFG_ERROR_MESSAGE, "error-role-other-required"));
        assertEquals("error-role-other-required", validate("other", "", custom).getErrors().iterator().next().getMessage());
    }

    @Test
    void outsideAUserProfileThereIsNoOtherAttributeAndNoError() {
        assertTrue(validator.validate("", "roleOther", new ValidationContext(), config).isValid());
    }

    @Test
    void describesItselfForTheAdminConsole() {
        assertEquals("required-when", validator.getId());
        assertEquals(List.of("attribute", "values", "error-message"),
                validator.getConfigProperties().stream().map(p -> p.getName()).toList());
        assertFalse(validator.getHelpText().isBlank());
        assertTrue(validator.validateConfig(null, config).isValid());
    }

    private ValidationContext validate(String role, Object roleOther, ValidatorConfig cfg) {
        Map<String, List<String>> values = role == null ? Map.of() : Map.of("professionalRole", List.of(role));
        AttributeContext attributeContext = new AttributeContext(UserProfileContext.REGISTRATION, null,
                new AbstractMap.SimpleEntry<>("roleOther", List.of()), null, null, FakeAttributes.of(values));
        return validator.validate(roleOther, "roleOther", new UserProfileAttributeValidationContext(attributeContext), cfg);
    }
}

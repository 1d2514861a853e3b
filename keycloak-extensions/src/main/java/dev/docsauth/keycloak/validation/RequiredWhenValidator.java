package dev.docsauth.keycloak.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidationResult;
import org.keycloak.validate.ValidatorConfig;

/**
 * User-profile validator {@code required-when}: the attribute it is set on must have a value when another
 * attribute holds one of the given values (keycloak/keycloak#25024). In the user profile JSON:
 *
 * <pre>
 * "validations": {"required-when": {"attribute": "professionalRole", "values": ["other"],
 *                                   "error-message": "error-role-other-required"}}
 * </pre>
 *
 * When the condition does not hold, {@link ReaderUserProfileProviderFactory} discards the value,
 * so a stale answer is never stored.
 */
public class RequiredWhenValidator implements SimpleValidator, ConfiguredProvider {

    public static final String ID = "required-when";
    public static final String CFG_ERROR_MESSAGE = "error-message";
    /** Default message; parameters: {0} this attribute, {1} the other attribute, {2} the values. */
    public static final String MESSAGE_REQUIRED = "error-required-when";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = List.of(
            property(RequiredWhenCondition.CFG_ATTRIBUTE, "Other attribute", "Name of the attribute whose value decides.",
                    ProviderConfigProperty.STRING_TYPE),
            property(RequiredWhenCondition.CFG_VALUES, "Values", "Values of the other attribute that make this one required.",
                    ProviderConfigProperty.MULTIVALUED_STRING_TYPE),
            property(CFG_ERROR_MESSAGE, "Error message key", "Key of the error message in the theme's messages. Default: "
                    + MESSAGE_REQUIRED, ProviderConfigProperty.STRING_TYPE));

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        // The rule needs the other attribute, which only a user-profile validation carries.
        if (!(context instanceof UserProfileAttributeValidationContext upContext)) {
            return context;
        }
        RequiredWhenCondition condition = RequiredWhenCondition.from(config.asMap());
        if (condition.holdsFor(upContext.getAttributeContext().getAttributes()) && isBlank(input)) {
            context.addError(new ValidationError(ID, inputHint, config.getStringOrDefault(CFG_ERROR_MESSAGE, MESSAGE_REQUIRED),
                    condition.attribute(), String.join(", ", condition.values())));
        }
        return context;
    }

    @Override
    public ValidationResult validateConfig(KeycloakSession session, ValidatorConfig config) {
        return RequiredWhenCondition.validateConfig(ID, config);
    }

    @Override
    public String getHelpText() {
        return "Requires a value when another attribute holds one of the given values; discards it otherwise.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    private static boolean isBlank(Object input) {
        if (input == null) {
            return true;
        }
        if (input instanceof Collection<?> values) {
            return values.stream().allMatch(v -> v == null || v.toString().isBlank());
        }
        return input.toString().isBlank();
    }

    private static ProviderConfigProperty property(String name, String label, String help, String type) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(name);
        p.setLabel(label);
        p.setHelpText(help);
        p.setType(type);
        return p;
    }
}

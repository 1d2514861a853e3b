package dev.docsauth.keycloak.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.keycloak.userprofile.Attributes;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidationResult;
import org.keycloak.validate.ValidatorConfig;
import org.keycloak.validate.validators.ValidatorConfigValidator;

/**
 * The rule of a {@code required-when} validation: "this attribute applies when {@code attribute} holds one of
 * {@code values}". Parsed once from the validator's configuration; shared by {@link RequiredWhenValidator}
 * (which requires a value when the rule applies) and {@link ReaderAttributes} (which discards the value
 * when it does not).
 */
public final class RequiredWhenCondition {

    public static final String CFG_ATTRIBUTE = "attribute";
    public static final String CFG_VALUES = "values";

    // The same shape Keycloak accepts for user-profile attribute names.
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    private final String attribute;
    private final Set<String> values;

    private RequiredWhenCondition(String attribute, Set<String> values) {
        this.attribute = attribute;
        this.values = values;
    }

    /** Builds the condition from a configuration already accepted by {@link #validateConfig}. */
    public static RequiredWhenCondition from(Map<String, Object> config) {
        ValidatorConfig vc = ValidatorConfig.configFromMap(config);
        return new RequiredWhenCondition(vc.getString(CFG_ATTRIBUTE), Set.copyOf(stringValues(vc.get(CFG_VALUES))));
    }

    public String attribute() {
        return attribute;
    }

    public Set<String> values() {
        return values;
    }

    /** True when the other attribute currently holds one of the configured values. */
    public boolean holdsFor(Attributes attributes) {
        List<String> current = attributes.get(attribute);
        return current != null && current.stream().anyMatch(values::contains);
    }

    /**
     * Checks a configuration when the user profile is saved, so that a mistake is refused by the admin console
     * or the realm import instead of surfacing at sign-up.
     */
    public static ValidationResult validateConfig(String validatorId, ValidatorConfig config) {
        List<ValidationError> errors = new ArrayList<>();
        Object attribute = config == null ? null : config.get(CFG_ATTRIBUTE);
        Object values = config == null ? null : config.get(CFG_VALUES);

        if (attribute == null) {
            errors.add(new ValidationError(validatorId, CFG_ATTRIBUTE, ValidatorConfigValidator.MESSAGE_CONFIG_MISSING_VALUE));
        } else if (!(attribute instanceof String name) || !ATTRIBUTE_NAME.matcher(name).matches()) {
            errors.add(new ValidationError(validatorId, CFG_ATTRIBUTE, ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE, attribute));
        }

        if (values == null) {
            errors.add(new ValidationError(validatorId, CFG_VALUES, ValidatorConfigValidator.MESSAGE_CONFIG_MISSING_VALUE));
        } else {
            List<String> parsed = stringValues(values);
            if (parsed == null || parsed.isEmpty() || parsed.stream().anyMatch(v -> v == null || v.isBlank())) {
                errors.add(new ValidationError(validatorId, CFG_VALUES, ValidatorConfigValidator.MESSAGE_CONFIG_INVALID_VALUE, values));
            }
        }
        return ValidationResult.of(Set.copyOf(errors));
    }

    /** A list of strings, or a single string; anything else is {@code null}. */
    private static List<String> stringValues(Object raw) {
        if (raw instanceof String s) {
            return List.of(s);
        }
        if (raw instanceof Collection<?> c) {
            List<String> out = new ArrayList<>(c.size());
            for (Object o : c) {
                if (!(o instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
            return out;
        }
        return null;
    }
}

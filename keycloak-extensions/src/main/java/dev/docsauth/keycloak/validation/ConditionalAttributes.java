package dev.docsauth.keycloak.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.AttributeValidatorMetadata;
import org.keycloak.userprofile.DefaultAttributes;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileMetadata;

/**
 * Keycloak's attributes, except that an attribute validated by {@code required-when} is not written while its
 * condition does not hold, and a value stored earlier is removed (the reader or an admin changed the role away
 * from "other"). Every write path (sign-up, account console, admin API, required actions) goes through here.
 */
final class ConditionalAttributes extends DefaultAttributes {

    // Keycloak removes an attribute whose new values are all blank; an empty list would leave it untouched.
    private static final List<String> REMOVE = List.of("");

    ConditionalAttributes(UserProfileContext context, Map<String, ?> attributes, UserModel user,
            UserProfileMetadata metadata, KeycloakSession session) {
        super(context, attributes, user, metadata, session);
    }

    @Override
    public Map<String, List<String>> getWritable() {
        Map<String, List<String>> writable = new HashMap<>(super.getWritable());
        for (String name : List.copyOf(writable.keySet())) {
            Optional<RequiredWhenCondition> condition = conditionOf(getMetadata(name));
            if (condition.isEmpty() || condition.get().holdsFor(this)) {
                continue;
            }
            if (user != null && user.getAttributeStream(name).anyMatch(v -> v != null && !v.isBlank())) {
                writable.put(name, REMOVE);
            } else {
                writable.remove(name);
            }
        }
        return writable;
    }

    private static Optional<RequiredWhenCondition> conditionOf(AttributeMetadata metadata) {
        if (metadata == null || metadata.getValidators() == null) {
            return Optional.empty();
        }
        return metadata.getValidators().stream()
                .filter(v -> RequiredWhenValidator.ID.equals(v.getValidatorId()))
                .map(AttributeValidatorMetadata::getValidatorConfig)
                .map(RequiredWhenCondition::from)
                .findFirst();
    }
}

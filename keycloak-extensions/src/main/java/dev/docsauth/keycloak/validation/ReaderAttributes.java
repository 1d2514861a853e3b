package dev.docsauth.keycloak.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.docsauth.keycloak.text.TypedText;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.AttributeValidatorMetadata;
import org.keycloak.userprofile.DefaultAttributes;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileMetadata;
import org.keycloak.validate.ValidationError;

/**
 * Keycloak's attributes with our rules for what people type. Every write path (sign-up, account console and its
 * REST API, admin API, required actions, identity-provider review) goes through here, so each rule lives once:
 * <ul>
 * <li>every value is normalised by {@link TypedText} before Keycloak sees it, so it is validated, counted and
 * stored as the person meant it;</li>
 * <li>a value holding a character {@link TypedText} refuses gets an error on its own field, and none of Keycloak's
 * validators (some of which query the database) run on it;</li>
 * <li>where the e-mail address is the username, the username is a copy that no page shows: its errors are shown on
 * the e-mail field, and only while the address itself is valid (otherwise the address's own error says it);</li>
 * <li>an attribute validated by {@code required-when} is not written while its condition does not hold, and a
 * value stored earlier is removed (the reader or an admin changed the role away from "other").</li>
 * </ul>
 */
final class ReaderAttributes extends DefaultAttributes {

    /** The validator id of our refusals, as Keycloak's own validators name theirs in errors. */
    static final String TYPED_TEXT = "typed-text";
    /** Parameters: {1} the refused character as U+XXXX. */
    static final String MESSAGE_CHARACTER = "error-typed-text-character";
    static final String MESSAGE_EMAIL_ASCII = "error-email-ascii-only";

    // Keycloak removes an attribute whose new values are all blank; an empty list would leave it untouched.
    private static final List<String> REMOVE = List.of("");

    private final RealmModel realm;

    ReaderAttributes(UserProfileContext context, Map<String, ?> attributes, UserModel user,
            UserProfileMetadata metadata, KeycloakSession session) {
        super(context, normalized(attributes), user, metadata, session);
        this.realm = session.getContext().getRealm();
    }

    /** The attributes as sent, each string normalised by its kind; other values as they were. */
    static Map<String, Object> normalized(Map<String, ?> attributes) {
        if (attributes == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            TypedText.Kind kind = kindOf(name);
            if (value instanceof String text) {
                out.put(name, TypedText.normalize(text, kind));
            } else if (value instanceof List<?> values) {
                List<Object> normalized = new ArrayList<>(values.size());
                for (Object v : values) {
                    normalized.add(v instanceof String text ? TypedText.normalize(text, kind) : v);
                }
                out.put(name, normalized);
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    /** The kind of text an attribute holds; forms may send a custom attribute as {@code user.attributes.NAME}. */
    static TypedText.Kind kindOf(String name) {
        String bare = name.startsWith(Constants.USER_ATTRIBUTES_PREFIX)
                ? name.substring(Constants.USER_ATTRIBUTES_PREFIX.length()) : name;
        return switch (bare) {
            case UserModel.EMAIL -> TypedText.Kind.EMAIL;
            case UserModel.USERNAME -> TypedText.Kind.IDENTIFIER;
            default -> TypedText.Kind.LINE;
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean validate(String name, Consumer<ValidationError>... listeners) {
        if (UserModel.USERNAME.equals(name) && realm.isRegistrationEmailAsUsername()) {
            return validateCopyOfEmail(listeners);
        }
        Optional<ValidationError> refused = refusal(name);
        if (refused.isPresent()) {
            notify(refused.get(), listeners);
            return false;
        }
        return super.validate(name, listeners);
    }

    /** The username of a realm whose username is the e-mail address: its errors belong to the e-mail field. */
    @SuppressWarnings("unchecked")
    private boolean validateCopyOfEmail(Consumer<ValidationError>... listeners) {
        List<ValidationError> errors = new ArrayList<>();
        Consumer<ValidationError> collect = errors::add;
        refusal(UserModel.USERNAME).ifPresentOrElse(errors::add, () -> super.validate(UserModel.USERNAME, collect));
        if (errors.isEmpty()) {
            return true;
        }
        if (validate(UserModel.EMAIL)) {
            for (ValidationError error : errors) {
                notify(new ValidationError(error.getValidatorId(), UserModel.EMAIL, error.getMessage(),
                        error.getMessageParameters()), listeners);
            }
        }
        return false;
    }

    private Optional<ValidationError> refusal(String name) {
        TypedText.Kind kind = kindOf(name);
        for (String value : Optional.ofNullable(get(name)).orElse(List.of())) {
            Optional<Integer> refused = TypedText.refusedCodePoint(value, kind);
            if (refused.isPresent()) {
                return Optional.of(kind == TypedText.Kind.EMAIL && !TypedText.isAscii(refused.get())
                        ? new ValidationError(TYPED_TEXT, name, MESSAGE_EMAIL_ASCII)
                        : new ValidationError(TYPED_TEXT, name, MESSAGE_CHARACTER, TypedText.describe(refused.get())));
            }
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static void notify(ValidationError error, Consumer<ValidationError>... listeners) {
        if (listeners != null) {
            for (Consumer<ValidationError> listener : listeners) {
                listener.accept(error);
            }
        }
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

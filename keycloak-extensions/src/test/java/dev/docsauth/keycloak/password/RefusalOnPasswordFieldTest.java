package dev.docsauth.keycloak.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.docsauth.keycloak.Fake;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/** The update-password action's {@code form().setAttribute(..).setError(..).createResponse(..)}, through the wrap. */
class RefusalOnPasswordFieldTest {

    private final List<FormMessage> fieldErrors = new ArrayList<>();
    private final List<String> responses = new ArrayList<>();
    private final LoginFormsProvider[] form = new LoginFormsProvider[1];

    RefusalOnPasswordFieldTest() {
        Map<String, Function<Object[], Object>> answers = Map.of(
                "setAttribute", args -> form[0],
                "addError", args -> {
                    fieldErrors.add((FormMessage) args[0]);
                    return form[0];
                },
                "createResponse", args -> {
                    responses.add(String.valueOf(args[0]));
                    return null;
                },
                "setErrors", args -> {
                    throw new IllegalStateException("the form's own failure");
                });
        form[0] = Fake.of(LoginFormsProvider.class, answers);
    }

    private RequiredActionContext context() {
        return RefusalOnPasswordField.wrap(Fake.of(RequiredActionContext.class, Map.of(
                "form", args -> form[0],
                "getAction", args -> "UPDATE_PASSWORD")));
    }

    @Test
    void aPageErrorOfTheFormBecomesTheErrorOfThePasswordField() {
        Object[] parameters = {"x"};
        context().form().setAttribute("username", "ada").setError("passwordStrengthCommon", parameters)
                .createResponse(UserModel.RequiredAction.UPDATE_PASSWORD);

        assertEquals(List.of("UPDATE_PASSWORD"), responses, "the chain reaches Keycloak's form");
        assertEquals(1, fieldErrors.size());
        assertEquals("password", fieldErrors.get(0).getField());
        assertEquals("passwordStrengthCommon", fieldErrors.get(0).getMessage());
        assertArrayEquals(parameters, fieldErrors.get(0).getParameters());
    }

    @Test
    void everythingElseReachesKeycloaksObjectsUnchanged() {
        RequiredActionContext context = context();
        assertEquals("UPDATE_PASSWORD", context.getAction());
        FormMessage missing = new FormMessage("password", "missingPasswordMessage");
        context.form().addError(missing);
        assertEquals(List.of(missing), fieldErrors);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> context.form().setErrors(List.of()));
        assertEquals("the form's own failure", thrown.getMessage());
    }
}

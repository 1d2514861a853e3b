package dev.docsauth.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.docsauth.keycloak.Fake;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.sessions.AuthenticationSessionModel;

class NormalizedUsernamePasswordFormTest {

    /** What the form did with the flow's context and page, in order. */
    private final List<String> calls = new ArrayList<>();

    private AuthenticationFlowContext context(MultivaluedMap<String, String> formData, String kcAction) {
        LoginFormsProvider page = Fake.of(LoginFormsProvider.class, Map.of(
                "setInfo", args -> {
                    calls.add("setInfo " + args[0]);
                    return null;
                },
                "createLoginUsernamePassword", args -> {
                    calls.add("createLoginUsernamePassword");
                    return null;
                }));
        HttpRequest request = Fake.of(HttpRequest.class, Map.of("getDecodedFormParameters", args -> formData));
        AuthenticationSessionModel session = Fake.of(AuthenticationSessionModel.class, Map.of("getClientNote",
                args -> "kc_action".equals(args[0]) ? kcAction : null));
        return Fake.of(AuthenticationFlowContext.class, Map.of(
                "getHttpRequest", args -> request,
                "getAuthenticationSession", args -> session,
                "form", args -> page,
                "cancelLogin", args -> {
                    calls.add("cancelLogin");
                    return null;
                }));
    }

    @Test
    void readsTheUsernameAsTypedTextThenLetsKeycloakGoOn() {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("username", "  reader@example.org\u200B ");
        form.putSingle("cancel", "on");
        new NormalizedUsernamePasswordForm(null).action(context(form, null));
        assertEquals("reader@example.org", form.getFirst("username"));
        assertEquals(List.of("cancelLogin"), calls, "Keycloak's own action (a cancelled sign-in) did not follow");
    }

    @Test
    void thePageBeforeADeletionSaysSoThenIsKeycloaksForm() {
        new NormalizedUsernamePasswordForm(null).challenge(context(new MultivaluedHashMap<>(), "delete_account"), new MultivaluedHashMap<>());
        assertEquals(List.of("setInfo " + DeletionSignInNotice.MESSAGE, "createLoginUsernamePassword"), calls);
    }

    @Test
    void anyOtherPageIsKeycloaksForm() {
        new NormalizedUsernamePasswordForm(null).challenge(context(new MultivaluedHashMap<>(), null), new MultivaluedHashMap<>());
        assertEquals(List.of("createLoginUsernamePassword"), calls);
    }
}

package dev.docsauth.keycloak.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import dev.docsauth.keycloak.Fake;
import dev.docsauth.keycloak.mail.InMemorySingleUseObjects;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.FormMessage;

/** The sign-up form action on Keycloak's interfaces: what it puts on the page, and what it refuses. */
class ProofOfWorkFormActionTest {

    private final InMemorySingleUseObjects used = new InMemorySingleUseObjects();
    private final MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
    private final Map<String, Object> page = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private List<FormMessage> errors;
    private MultivaluedMap<String, String> formShown;

    private KeycloakSession session() {
        KeyWrapper key = new KeyWrapper();
        key.setSecretKey(new SecretKeySpec("realm key".getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        KeyManager keys = Fake.of(KeyManager.class, Map.of("getActiveKey", a -> key));
        return Fake.of(KeycloakSession.class, Map.of("keys", a -> keys,
                "getProvider", a -> a[0] == SingleUseObjectProvider.class ? used : null));
    }

    private ValidationContext context() {
        KeycloakSession session = session();
        RealmModel realm = Fake.of(RealmModel.class, Map.of("getName", a -> "docs"));
        HttpRequest request = Fake.of(HttpRequest.class, Map.of("getDecodedFormParameters", a -> form));
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setConfig(Map.of("maxNumber", "500"));
        return Fake.of(ValidationContext.class, Map.of(
                "getSession", a -> session, "getRealm", a -> realm, "getHttpRequest", a -> request,
                "getAuthenticatorConfig", a -> config,
                "success", a -> calls.add("success"),
                "error", a -> calls.add("error " + a[0]),
                "validationError", a -> {
                    formShown = cast(a[0]);
                    errors = cast(a[1]);
                    return calls.add("validationError");
                }));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private String challengeOnPage() {
        LoginFormsProvider forms = Fake.of(LoginFormsProvider.class, Map.of("setAttribute", a -> {
            page.put((String) a[0], a[1]);
            return null;
        }));
        new ProofOfWorkFormAction().buildPage(context(), forms);
        ProofOfWorkPage.Widget widget = (ProofOfWorkPage.Widget) page.get("proofOfWork");
        assertEquals("altcha", widget.field());
        assertEquals("website", widget.honeypot());
        assertTrue(widget.challenge().contains("\"maxnumber\":500"), widget.challenge());
        return widget.challenge();
    }

    @Test
    void aSolvedFormPasses() throws Exception {
        form.putSingle("altcha", ProofOfWorkTest.solve(challengeOnPage()));
        new ProofOfWorkFormAction().validate(context());
        assertEquals(List.of("success"), calls);
    }

    @Test
    void aFormWithoutSolutionIsRefusedWithItsMessageAndNoPasswordSentBack() {
        form.putSingle("password", "secret");
        form.putSingle("password-confirm", "secret");
        form.putSingle("email", "a@example.org");
        new ProofOfWorkFormAction().validate(context());
        assertEquals(List.of("error proof_of_work_missing", "validationError"), calls);
        assertEquals(1, errors.size());
        assertEquals(FormMessage.GLOBAL, errors.get(0).getField());
        assertEquals("proofOfWorkMissing", errors.get(0).getMessage());
        assertFalse(formShown.containsKey("password") || formShown.containsKey("password-confirm"));
        assertEquals("a@example.org", formShown.getFirst("email"));
    }

    @Test
    void theHoneypotIsCheckedFirstAndSpendsNoSolution() throws Exception {
        String solution = ProofOfWorkTest.solve(challengeOnPage());
        form.putSingle("altcha", solution);
        form.putSingle("website", "x");
        new ProofOfWorkFormAction().validate(context());
        assertEquals("honeypotFilled", errors.get(0).getMessage());
        assertEquals(List.of("error honeypot_filled", "validationError"), calls);
        form.remove("website");
        calls.clear();
        new ProofOfWorkFormAction().validate(context());
        assertEquals(List.of("success"), calls, "the solution was not spent by the refused form");
    }

    @Test
    void theFactoryNamesTheContractsIdAndOffersTheCost() {
        ProofOfWorkFormActionFactory factory = new ProofOfWorkFormActionFactory();
        assertEquals("proof-of-work", factory.getId());
        assertTrue(factory.isConfigurable());
        assertFalse(factory.isUserSetupAllowed());
        assertNull(factory.getReferenceCategory());
        assertEquals(List.of("maxNumber"), factory.getConfigProperties().stream().map(p -> p.getName()).toList());
        assertEquals(List.of(AuthenticationExecutionModel.Requirement.REQUIRED,
                AuthenticationExecutionModel.Requirement.DISABLED), List.of(factory.getRequirementChoices()));
        assertTrue(factory.create(null) instanceof ProofOfWorkFormAction);
        ProofOfWorkFormAction action = (ProofOfWorkFormAction) factory.create(null);
        assertFalse(action.requiresUser());
        assertTrue(action.configuredFor(null, null, null));
    }

    @Test
    void theSignInFactoryNamesTheContractsIdAndOffersCostAndFailures() {
        ProofOfWorkPasswordFormFactory factory = new ProofOfWorkPasswordFormFactory();
        assertEquals("proof-of-work", factory.getId());
        assertTrue(factory.isConfigurable());
        assertEquals(List.of("maxNumber", "failures"),
                factory.getConfigProperties().stream().map(p -> p.getName()).toList());
        assertTrue(factory.getDisplayType().contains("proof of work"));
    }
}

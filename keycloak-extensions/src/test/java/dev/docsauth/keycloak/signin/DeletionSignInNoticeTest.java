package dev.docsauth.keycloak.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.docsauth.keycloak.Fake;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

class DeletionSignInNoticeTest {

    /** The info messages set on the form, in order. */
    private final List<String> info = new ArrayList<>();
    private final LoginFormsProvider form = Fake.of(LoginFormsProvider.class, Map.of("setInfo", args -> {
        info.add((String) args[0]);
        return null;
    }));

    private static AuthenticationSessionModel signInWith(String kcAction) {
        return Fake.of(AuthenticationSessionModel.class, Map.of("getClientNote",
                args -> "kc_action".equals(args[0]) ? kcAction : null));
    }

    @Test
    void theSignInBeforeADeletionSaysWhatThePasswordIsFor() {
        assertTrue(DeletionSignInNotice.applyTo(signInWith("delete_account"), form));
        assertEquals(List.of("docsSignInToDeleteAccount"), info);
    }

    private static AuthenticationFlowContext forwarding(FormMessage error, FormMessage success) {
        return Fake.of(AuthenticationFlowContext.class, Map.of(
                "getForwardedErrorMessage", args -> error,
                "getForwardedSuccessMessage", args -> success));
    }

    @Test
    void anErrorOrASuccessForwardedToThePageIsKeptOverTheNotice() {
        FormMessage timedOut = new FormMessage(null, "loginTimeout");
        assertTrue(DeletionSignInNotice.messageForwardedTo(forwarding(timedOut, null)));
        assertTrue(DeletionSignInNotice.messageForwardedTo(forwarding(null, new FormMessage(null, "accountUpdatedMessage"))));
        assertFalse(DeletionSignInNotice.messageForwardedTo(forwarding(null, null)), "nothing forwarded: the notice");
    }

    @Test
    void anyOtherSignInKeepsItsPage() {
        for (String action : new String[] {null, "", "UPDATE_PASSWORD", "update_profile", "delete_account "}) {
            assertFalse(DeletionSignInNotice.applyTo(signInWith(action), form), String.valueOf(action));
        }
        assertEquals(List.of(), info);
    }
}

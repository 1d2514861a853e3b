package dev.docsauth.keycloak.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.UriInfo;

import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import dev.docsauth.keycloak.Fake;

/**
 * The reset mail is rendered after the answer: what the request knows is taken at once, the rendering waits for
 * the commit and runs in a session of its own with the request's realm, locale and URI.
 */
class DeferredResetMailTest {

    private final RealmModel realm = Fake.of(RealmModel.class, Map.of("getId", a -> "realm-1"));
    private final UserModel reader = Fake.of(UserModel.class, Map.of("getId", a -> "user-1"));
    private final UriInfo requestUri = Fake.of(UriInfo.class, Map.of());

    private final List<Object> sent = new ArrayList<>();
    private final EmailTemplateProvider[] self = new EmailTemplateProvider[1];
    private final EmailTemplateProvider templates = self[0] = Fake.of(EmailTemplateProvider.class, Map.of(
            "setRealm", a -> { sent.add(a[0]); return self[0]; },
            "setUser", a -> { sent.add(a[0]); return self[0]; },
            "sendPasswordReset", a -> { sent.add(a[0]); sent.add(a[1]); return null; }));

    /** A session after the request: it knows the realm and reader by id, and keeps what the mail sets on it. */
    private KeycloakSession laterSession(RealmModel found, UserModel foundUser, Map<String, Object> kept) {
        KeycloakContext context = Fake.of(KeycloakContext.class, Map.of(
                "setRealm", a -> kept.put("realm", a[0]),
                "setHttpRequest", a -> kept.put("request", a[0])));
        return Fake.of(KeycloakSession.class, Map.of(
                "realms", a -> Fake.of(RealmProvider.class, Map.of("getRealm", b -> "realm-1".equals(b[0]) ? found : null)),
                "users", a -> Fake.of(UserProvider.class, Map.of("getUserById", b -> "user-1".equals(b[1]) ? foundUser : null)),
                "getContext", a -> context,
                "setAttribute", a -> kept.put((String) a[0], a[1])));
    }

    private DeferredResetMail mail() {
        return new DeferredResetMail("realm-1", "user-1", "https://id.example.org/reset?key=t", 30, "fr", requestUri);
    }

    @Test
    void theRequestGivesItsLocaleAndUriAtOnce() {
        KeycloakUriInfo uri = null; // a class, not an interface: the fake context has none to give
        KeycloakSession request = Fake.of(KeycloakSession.class, Map.of("getContext", a -> Fake.of(KeycloakContext.class,
                Map.of("resolveLocale", b -> b[0] == reader ? Locale.forLanguageTag("ar") : Locale.ENGLISH,
                        "getUri", b -> uri))));
        DeferredResetMail mail = DeferredResetMail.of(request, realm, reader, "https://link", 30);
        assertEquals(new DeferredResetMail("realm-1", "user-1", "https://link", 30, "ar", uri), mail);
    }

    @Test
    void renderedLaterWithTheRequestsRealmLocaleAndUri() throws EmailException {
        Map<String, Object> kept = new HashMap<>();
        mail().renderAndSend(laterSession(realm, reader, kept), templates);
        assertSame(realm, kept.get("realm"));
        assertEquals("fr", kept.get(LocaleSelectorProvider.USER_REQUEST_LOCALE));
        HttpRequest request = (HttpRequest) kept.get("request");
        assertSame(requestUri, request.getUri());
        assertNull(request.getHttpHeaders(), "no headers: the locale comes from the attribute");
        assertEquals(List.of(realm, reader, "https://id.example.org/reset?key=t", 30L), sent);
    }

    @Test
    void aReaderGoneBeforeTheRenderingGetsNothing() throws EmailException {
        Map<String, Object> kept = new HashMap<>();
        mail().renderAndSend(laterSession(realm, null, kept), templates);
        assertTrue(sent.isEmpty());
    }

    @Test
    void aRealmGoneBeforeTheRenderingSendsNothing() throws EmailException {
        Map<String, Object> kept = new HashMap<>();
        mail().renderAndSend(laterSession(null, reader, kept), templates);
        assertTrue(sent.isEmpty() && kept.isEmpty());
    }

    @Test
    void theProviderDefersTheResetMailOfAFlowUntilTheCommit() throws EmailException {
        List<KeycloakTransaction> afterCompletion = new ArrayList<>();
        List<DeferredResetMail> background = new ArrayList<>();
        KeycloakSession request = Fake.of(KeycloakSession.class, Map.of(
                "getContext", a -> Fake.of(KeycloakContext.class, Map.of(
                        "resolveLocale", b -> Locale.FRENCH, "getUri", b -> null)),
                "getProvider", a -> null, // Keycloak's FreeMarker provider, which rendering now would use
                "getTransactionManager", a -> Fake.of(KeycloakTransactionManager.class, Map.of(
                        "enlistAfterCompletion", b -> afterCompletion.add((KeycloakTransaction) b[0])))));
        AfterFlowEmailTemplateProvider provider = new AfterFlowEmailTemplateProvider(request, (s, m) -> background.add(m));
        provider.setRealm(realm).setUser(reader)
                .setAuthenticationSession(Fake.of(AuthenticationSessionModel.class, Map.of()));
        provider.sendPasswordReset("https://link", 30);
        assertTrue(background.isEmpty(), "nothing before the commit");
        afterCompletion.forEach(tx -> {
            tx.begin();
            tx.commit();
        });
        assertEquals(1, background.size());
        assertEquals("fr", background.get(0).locale());
        assertEquals("https://link", background.get(0).link());
    }
}

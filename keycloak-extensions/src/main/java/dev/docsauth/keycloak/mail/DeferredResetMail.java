package dev.docsauth.keycloak.mail;

import jakarta.ws.rs.core.UriInfo;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A "Forgot password?" mail whose rendering waits until after the reader's answer: what Keycloak's
 * {@code ResetCredentialEmail} asked the template provider for (the link, its lifetime in minutes), with what the
 * rendering reads from the request, taken while there is one: the reader's locale (BCP 47 tag, resolved as
 * Keycloak does) and the request's URI (the template's base URL).
 *
 * @param realmId the realm's id
 * @param userId the reader's id (the reader may be gone by the time it is rendered: nothing is sent then)
 * @param link the reset link, with its action token
 * @param expirationInMinutes the link's lifetime, as the template shows it
 * @param locale the locale the request resolved, as a language tag
 * @param uri the request's URI, as Keycloak's context gave it
 */
record DeferredResetMail(String realmId, String userId, String link, long expirationInMinutes, String locale,
        UriInfo uri) {

    /** What {@code session}'s request knows of the mail to {@code user}. */
    static DeferredResetMail of(KeycloakSession session, RealmModel realm, UserModel user, String link,
            long expirationInMinutes) {
        return new DeferredResetMail(realm.getId(), user.getId(), link, expirationInMinutes,
                session.getContext().resolveLocale(user).toLanguageTag(), session.getContext().getUri());
    }

    /**
     * Renders and sends the mail with {@code templates}, in {@code session}: a session of its own, after the
     * request, whose context is given the realm, the request's URI and locale first.
     *
     * @throws EmailException as Keycloak's template provider and sender throw it
     */
    void renderAndSend(KeycloakSession session, EmailTemplateProvider templates) throws EmailException {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        session.getContext().setHttpRequest(new RequestUriOnly(uri));
        // Keycloak's locale selector reads this attribute when the session has no authentication session.
        session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, locale);
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        templates.setRealm(realm).setUser(user).sendPasswordReset(link, expirationInMinutes);
    }
}

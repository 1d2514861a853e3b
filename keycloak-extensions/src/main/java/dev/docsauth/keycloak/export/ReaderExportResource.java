package dev.docsauth.keycloak.export;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code GET /realms/{realm}/data-export/me}: the Keycloak part of the signed-in reader's data
 * ({@link UserDataExport}), to the reader's own access token ({@code Authorization: Bearer}, RFC 6750), checked as
 * Keycloak checks the tokens of its account API: signature, expiry, issuer, an active user session, an enabled user;
 * and the token must name {@value #AUDIENCE} in {@code aud}, which only the optional client scope
 * {@value #SCOPE} adds (the docs site's Account page asks for it alone): a token for another API, such as the
 * docs site's tokens for the chatbot API (audience {@code rag-api} alone, security finding 6), cannot export the
 * reader's data, so neither can that API with the tokens it receives.
 * <ul>
 * <li>200 {@code application/json}, {@code Cache-Control: no-store}</li>
 * <li>401 without a token or with one Keycloak does not accept ({@code WWW-Authenticate: Bearer ..., error="invalid_token"})</li>
 * <li>403 for a valid token without audience {@value #AUDIENCE} ({@code WWW-Authenticate: Bearer ...,
 * error="insufficient_scope", scope="docs-account"}, RFC 6750 §3.1)</li>
 * <li>429 when the reader asked too often ({@link ExportRateLimit}), {@code Retry-After} in seconds</li>
 * <li>403 when the request's {@code Origin} is not a web origin of the token's client</li>
 * </ul>
 */
public class ReaderExportResource {

    /** The audience a token must have to export (docs/contracts.md, "Data rights"). */
    public static final String AUDIENCE = "docs-data-export";
    /** The client scope that adds {@link #AUDIENCE}: named in the refusal, so that a client knows what to ask for. */
    public static final String SCOPE = "docs-account";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ExportRateLimit limit;

    ReaderExportResource(KeycloakSession session, ExportRateLimit limit) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.limit = limit;
    }

    @OPTIONS
    @Path("me")
    public Response preflight() {
        return ExportCors.preflight(session, realm);
    }

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response me() {
        Cors cors = ExportCors.forGet();
        AuthResult auth = authenticate();
        if (auth == null) {
            cors.checkAllowedOrigins(ExportCors.realmOrigins(session, realm));
            return cors.add(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName()
                            + "\", error=\"invalid_token\", error_description=\"a valid access token of this realm is required\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_token", "error_description", "a valid access token of this realm is required")));
        }
        cors.checkAllowedOrigins(auth.token());
        if (!auth.token().hasAudience(AUDIENCE)) {
            String description = "the access token is not for the data export: ask for scope " + SCOPE;
            return cors.add(Response.status(Response.Status.FORBIDDEN)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName()
                            + "\", error=\"insufficient_scope\", scope=\"" + SCOPE + "\", error_description=\"" + description + "\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "insufficient_scope", "error_description", description)));
        }
        long wait = limit.secondsToWait(auth.user().getId());
        if (wait > 0) {
            return cors.add(ExportRateLimit.refusal(wait));
        }
        return cors.add(Response.ok(new UserDataExport(session, realm, Instant::now).of(auth.user()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store"));
    }

    /** The caller's user and token, or null when there is no token or Keycloak refuses it. */
    private AuthResult authenticate() {
        try {
            return new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (NotAuthorizedException malformedHeader) {
            return null;
        }
    }
}

package dev.docsauth.keycloak.export;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/data-export/users/{id}}: the same Keycloak part as the reader's own export, for an
 * admin of the realm who may both view the user and view the realm's events (realm-management's {@code view-users}
 * and {@code view-events}, or the same permissions granted otherwise): the export shows nothing an admin holding
 * both could not already read in the admin API. 200 {@code application/json}; 401 without an admin token (Keycloak's
 * admin API); 403 without either permission; 404 for an unknown user (only to an admin who may view users); 429 with
 * {@code Retry-After} when this admin asked too often ({@link ExportRateLimit}, counted per admin, after the
 * permission checks).
 */
public class AdminExportResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final ExportRateLimit limit;

    AdminExportResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, ExportRateLimit limit) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.limit = limit;
    }

    @GET
    @Path("users/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response user(@PathParam("id") String id) {
        auth.realm().requireViewEvents();
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            auth.users().requireView();
            throw new NotFoundException("User not found");
        }
        auth.users().requireView(user);
        long wait = limit.secondsToWait(auth.adminAuth().getUser().getId());
        if (wait > 0) {
            return ExportRateLimit.refusal(wait).build();
        }
        return Response.ok(new UserDataExport(session, realm, Instant::now).of(user))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}

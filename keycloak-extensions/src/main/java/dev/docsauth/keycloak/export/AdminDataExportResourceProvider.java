package dev.docsauth.keycloak.export;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Serves {@link AdminExportResource} under {@code /admin/realms/{realm}/data-export}, each admin held to {@code limit}. */
public class AdminDataExportResourceProvider implements AdminRealmResourceProvider {

    private final ExportRateLimit limit;

    AdminDataExportResourceProvider(ExportRateLimit limit) {
        this.limit = limit;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        return new AdminExportResource(session, realm, auth, limit);
    }

    @Override
    public void close() {
    }
}

package dev.docsauth.keycloak.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.device.DeviceActivityManager;
import org.keycloak.events.Event;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.account.DeviceRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.userprofile.UserProfileProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Keycloak part of a reader's "download my data" (GDPR articles 15 and 20): one JSON object whose shape is
 * {@code $defs/keycloak} of docs/data-export.schema.json, format {@value #FORMAT}. Times are RFC 3339 strings in UTC.
 * It holds what Keycloak keeps about the reader and nothing that would let anyone sign in as them: of credentials
 * only type, label and creation time (never the hash, salt or secret), of events no token or code identifier, of
 * linked identities no token of the identity provider.
 */
final class UserDataExport {

    /** The version of this part's shape; a change that is not an addition makes it {@code /2}. */
    static final String FORMAT = "docs-keycloak-export/1";
    /** The user-profile group whose attributes are the reader's background (docs/contracts.md). */
    static final String BACKGROUND_GROUP = "background";
    /** Event details that identify a token or an authorization code: kept out of the file. */
    private static final Set<String> HIDDEN_DETAILS = Set.of("code_id", "token_id", "refresh_token_id",
            "updated_refresh_token_id", "refresh_token_type", "refresh_token_sub");
    private static final Set<String> PROFILE_FIELDS = Set.of(UserModel.USERNAME, UserModel.EMAIL,
            UserModel.EMAIL_VERIFIED, UserModel.FIRST_NAME, UserModel.LAST_NAME);

    private final ObjectMapper json = new ObjectMapper();
    private final KeycloakSession session;
    private final RealmModel realm;
    private final Supplier<Instant> clock;

    UserDataExport(KeycloakSession session, RealmModel realm, Supplier<Instant> clock) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
    }

    /** The whole Keycloak part for {@code user}. */
    ObjectNode of(UserModel user) {
        ObjectNode out = json.createObjectNode();
        out.put("format", FORMAT);
        out.put("exported_at", clock.get().toString());
        out.putObject("subject").put("realm", realm.getName()).put("sub", user.getId());
        out.set("profile", profile(user));
        out.set("background", background(user));
        // CONSENT-HISTORY: filled from the consent branch's read API once it is merged (issue 18); empty until then.
        out.putArray("consent_history");
        out.set("credentials", credentials(user));
        out.set("sessions", sessions(session.sessions().getUserSessionsStream(realm, user)));
        out.set("offline_sessions", sessions(session.sessions().getOfflineUserSessionsStream(realm, user)));
        out.set("identity_links", identityLinks(user));
        out.set("events", events(user));
        out.set("required_actions", strings(user.getRequiredActionsStream().sorted()));
        out.set("groups", strings(user.getGroupsStream().map(KeycloakModelUtils::buildGroupPath).sorted()));
        out.set("roles", roles(user));
        return out;
    }

    private ObjectNode profile(UserModel user) {
        ObjectNode p = json.createObjectNode();
        p.put("username", user.getUsername());
        p.put("email", user.getEmail());
        p.put("email_verified", user.isEmailVerified());
        p.put("first_name", user.getFirstName());
        p.put("last_name", user.getLastName());
        p.put("enabled", user.isEnabled());
        p.put("created_at", time(user.getCreatedTimestamp()));
        ObjectNode attributes = p.putObject("attributes");
        Set<String> background = backgroundNames();
        new TreeMap<>(user.getAttributes()).forEach((name, values) -> {
            if (!PROFILE_FIELDS.contains(name) && !background.contains(name)) {
                attributes.set(name, strings(values.stream()));
            }
        });
        return p;
    }

    private ObjectNode background(UserModel user) {
        ObjectNode b = json.createObjectNode();
        for (String name : backgroundNames()) {
            b.put(name, user.getFirstAttribute(name));
        }
        return b;
    }

    private Set<String> backgroundNames() {
        return session.getProvider(UserProfileProvider.class).getConfiguration().getAttributes().stream()
                .filter(a -> BACKGROUND_GROUP.equals(a.getGroup())).map(UPAttribute::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private ArrayNode credentials(UserModel user) {
        ArrayNode out = json.createArrayNode();
        user.credentialManager().getStoredCredentialsStream().forEach(c -> out.addObject()
                .put("type", c.getType())
                .put("label", c.getUserLabel())
                .put("created_at", time(c.getCreatedDate())));
        return out;
    }

    private ArrayNode sessions(Stream<UserSessionModel> sessions) {
        ArrayNode out = json.createArrayNode();
        sessions.forEach(s -> {
            ObjectNode o = out.addObject();
            o.put("id", s.getId());
            o.put("started_at", time(s.getStarted() * 1000L));
            o.put("last_access_at", time(s.getLastSessionRefresh() * 1000L));
            o.put("ip_address", s.getIpAddress());
            o.put("remember_me", s.isRememberMe());
            o.set("clients", strings(s.getAuthenticatedClientSessions().values().stream()
                    .map(cs -> cs.getClient().getClientId()).sorted()));
            o.set("device", device(DeviceActivityManager.getCurrentDevice(s)));
        });
        return out;
    }

    private ObjectNode device(DeviceRepresentation d) {
        if (d == null) {
            return null;
        }
        ObjectNode o = json.createObjectNode();
        o.put("os", d.getOs());
        o.put("os_version", d.getOsVersion());
        o.put("browser", d.getBrowser());
        o.put("device", d.getDevice());
        o.put("mobile", d.isMobile());
        return o;
    }

    private ArrayNode identityLinks(UserModel user) {
        ArrayNode out = json.createArrayNode();
        session.users().getFederatedIdentitiesStream(realm, user).forEach(f -> out.addObject()
                .put("identity_provider", f.getIdentityProvider())
                .put("user_id", f.getUserId())
                .put("user_name", f.getUserName()));
        return out;
    }

    private ArrayNode events(UserModel user) {
        ArrayNode out = json.createArrayNode();
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        store.createQuery().realm(realm.getId()).user(user.getId()).orderByAscTime().getResultStream()
                .forEach(e -> out.add(event(e)));
        return out;
    }

    private ObjectNode event(Event e) {
        ObjectNode o = json.createObjectNode();
        o.put("time", time(e.getTime()));
        o.put("type", e.getType().name());
        o.put("client_id", e.getClientId());
        o.put("ip_address", e.getIpAddress());
        o.put("session_id", e.getSessionId());
        o.put("error", e.getError());
        ObjectNode details = o.putObject("details");
        Map<String, String> all = e.getDetails() == null ? Map.of() : new TreeMap<>(e.getDetails());
        all.forEach((k, v) -> {
            if (!HIDDEN_DETAILS.contains(k)) {
                details.put(k, v);
            }
        });
        return o;
    }

    private ObjectNode roles(UserModel user) {
        ObjectNode out = json.createObjectNode();
        List<RoleModel> roles = user.getRoleMappingsStream().toList();
        out.set("realm", strings(roles.stream().filter(r -> !r.isClientRole()).map(RoleModel::getName).sorted()));
        ObjectNode client = out.putObject("client");
        new TreeMap<>(roles.stream().filter(RoleModel::isClientRole).collect(Collectors.groupingBy(
                r -> ((ClientModel) r.getContainer()).getClientId(),
                Collectors.mapping(RoleModel::getName, Collectors.toList()))))
                .forEach((clientId, names) -> client.set(clientId, strings(names.stream().sorted())));
        return out;
    }

    private ArrayNode strings(Stream<String> values) {
        ArrayNode out = json.createArrayNode();
        values.forEach(out::add);
        return out;
    }

    private static String time(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}

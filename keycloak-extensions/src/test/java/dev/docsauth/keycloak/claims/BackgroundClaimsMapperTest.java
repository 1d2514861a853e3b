package dev.docsauth.keycloak.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;

import dev.docsauth.keycloak.Fake;

class BackgroundClaimsMapperTest {

    private static UserSessionModel sessionOf(Map<String, String> attributes) {
        UserModel user = Fake.of(UserModel.class, Map.of("getFirstAttribute", args -> attributes.get((String) args[0])));
        return Fake.of(UserSessionModel.class, Map.of("getUser", args -> user));
    }

    @Test
    void addsTheClaimsOnlyWhileTheReaderConsents() {
        Map<String, String> background = Map.of("experienceLevel", "beginner", "professionalRole", "student");

        AccessToken consented = new AccessToken();
        new BackgroundClaimsMapper().setClaim(consented, null,
                sessionOf(Map.of("experienceLevel", "beginner", "professionalRole", "student", "personalizationConsent", "true")), null, null);
        assertEquals("beginner", consented.getOtherClaims().get("experience_level"));
        assertEquals("student", consented.getOtherClaims().get("professional_role"));

        AccessToken notConsented = new AccessToken();
        new BackgroundClaimsMapper().setClaim(notConsented, null, sessionOf(background), null, null);
        assertTrue(notConsented.getOtherClaims().isEmpty());
    }

    @Test
    void offersKeycloaksSwitchesForEachKindOfToken() {
        BackgroundClaimsMapper mapper = new BackgroundClaimsMapper();
        assertEquals(BackgroundClaimsMapper.ID, mapper.getId());
        assertEquals("openid-connect", mapper.getProtocol());
        List<String> names = mapper.getConfigProperties().stream().map(ProviderConfigProperty::getName).collect(Collectors.toList());
        for (String name : List.of(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN,
                OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION)) {
            assertTrue(names.contains(name), name);
        }
        assertFalse(mapper.getHelpText().isBlank());
    }
}

package dev.docsauth.keycloak.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import dev.docsauth.keycloak.Fake;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

class PasswordStrengthPolicyProviderTest {

    private static final StrengthEstimator ESTIMATOR = new StrengthEstimator().warmUp();

    private final UserModel jane = user("jane.doe@example.com", "Jane", "Doe");

    @Test
    void commonAndGuessablePasswordsAreRefusedWithTheirHint() {
        PasswordStrengthPolicyProvider policy = provider(null);
        RealmModel realm = realm(3);
        assertEquals("passwordStrengthCommon", message(policy.validate(realm, jane, "password")));
        assertEquals("passwordStrengthCommon", message(policy.validate(realm, jane, "Password123!")));
        // Keyboard walks: the common ones are in zxcvbn's password list, the others are found as walks.
        assertEquals("passwordStrengthCommon", message(policy.validate(realm, jane, "qwertyuiop")));
        assertEquals("passwordStrengthCommon", message(policy.validate(realm, jane, "1qaz2wsx3edc")));
        assertEquals("passwordStrengthKeyboard", message(policy.validate(realm, jane, "asdfghjkl;")));
        assertEquals("passwordStrengthPattern", message(policy.validate(realm, jane, "abcdefgh123")));
        assertEquals("passwordStrengthPattern", message(policy.validate(realm, jane, "aaaaaaaaaaaa")));
        assertEquals("passwordStrengthWeak", message(policy.validate(realm, jane, "Tr0ub4dour&3")));
    }

    @Test
    void theReadersOwnAddressNameAndTheSitesWordsAreGuessedFirst() {
        PasswordStrengthPolicyProvider policy = provider(null);
        RealmModel realm = realm(3);
        assertEquals("passwordStrengthPersonal", message(policy.validate(realm, jane, "jane.doe@example.com")));
        assertEquals("passwordStrengthPersonal", message(policy.validate(realm, jane, "JANE.DOE@EXAMPLE.COM")));
        assertEquals("passwordStrengthPersonal", message(policy.validate(realm, jane, "Jane1985!")));
        assertEquals("passwordStrengthPersonal", message(policy.validate(realm, jane, "janedoe123")));
        assertEquals("passwordStrengthPersonal", message(policy.validate(realm, jane, "docs2026!")));
        // The same password from a reader of another name is not personal: it only fails for this one.
        UserModel other = user("sam@example.org", "Sam", "Lee");
        assertNull(policy.validate(realm, other, "janedoe123"));
    }

    @Test
    void aLongPassphrasePasses() {
        PasswordStrengthPolicyProvider policy = provider(null);
        assertNull(policy.validate(realm(3), jane, "correct horse battery staple"));
        assertNull(policy.validate(realm(3), jane, "tidal-Quarry-7-lantern-bloom"));
        assertNull(policy.validate(realm(4), jane, "tidal-Quarry-7-lantern-bloom"));
    }

    @Test
    void theMinimumScoreIsTheRealmsValue() {
        PasswordStrengthPolicyProvider policy = provider(null);
        assertNull(policy.validate(realm(0), jane, "password"));
        assertNull(policy.validate(realm(2), jane, "Tr0ub4dour&3"));
        assertEquals("passwordStrengthWeak", message(policy.validate(realm(3), jane, "Tr0ub4dour&3")));
        assertEquals("passwordStrengthWeak", message(policy.validate(realm(4), jane, "Zq8#vL2@pX")));
    }

    @Test
    void onlyTheFirst128CharactersAreMeasured() {
        String weakStart = "a".repeat(StrengthEstimator.MEASURED_LENGTH);
        assertEquals("passwordStrengthPattern",
                message(provider(null).validate(realm(3), jane, weakStart + "tidal-Quarry-7-lantern-bloom")));
        assertNull(provider(null).validate(realm(3), jane, "tidal-Quarry-7-lantern-bloom" + weakStart));
    }

    @Test
    void aPasswordOverTheRealmsMaxLengthIsLeftToThatPolicy() {
        PasswordStrengthPolicyProvider policy = provider(null);
        RealmModel realm = realm("password-strength(3) and maxLength(20)");
        assertNull(policy.validate(realm, jane, "p".repeat(21)));
        assertEquals("passwordStrengthPattern", message(policy.validate(realm, jane, "p".repeat(20))));
    }

    @Test
    void aSignUpFormsNamesAndAddressAreTheReadersWords() {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.add("email", "jane.doe@example.com");
        form.add("firstName", "Marguerite");
        form.add("lastName", "Yourcenar");
        PasswordStrengthPolicyProvider policy = provider(form);
        assertEquals("passwordStrengthPersonal", message(policy.validate("jane.doe@example.com", "jane.doe@example.com")));
        assertEquals("passwordStrengthPersonal", message(policy.validate("jane.doe@example.com", "Marguerite1985")));
        assertEquals("passwordStrengthPersonal", message(policy.validate("jane.doe@example.com", "yourcenar2024!")));
        assertNull(policy.validate("jane.doe@example.com", "tidal-Quarry-7-lantern-bloom"));
    }

    @Test
    void withoutAFormOnlyTheUsernameIsTheReaders() {
        PasswordStrengthPolicyProvider policy = provider(null);
        assertEquals("passwordStrengthPersonal", message(policy.validate("marguerite@example.com", "marguerite@example.com")));
        assertEquals("passwordStrengthPattern", message(policy.validate("sam@example.org", "Marguerite1985")),
                "a name and a year, but not this reader's name");
        assertNull(policy.validate("sam@example.org", null));
    }

    @Test
    void theValueIsAScoreFrom0To4DefaultingTo3() {
        PasswordStrengthPolicyProvider policy = provider(null);
        assertEquals(3, policy.parseConfig(null));
        assertEquals(0, policy.parseConfig("0"));
        assertEquals(4, policy.parseConfig("4"));
        assertThrows(PasswordPolicyConfigException.class, () -> policy.parseConfig("5"));
        assertThrows(PasswordPolicyConfigException.class, () -> policy.parseConfig("-1"));
        assertThrows(PasswordPolicyConfigException.class, () -> policy.parseConfig("strong"));
    }

    @Test
    void theFactoryDescribesThePolicy() {
        PasswordStrengthPolicyProviderFactory factory = new PasswordStrengthPolicyProviderFactory();
        factory.init(null);
        factory.postInit(null);
        assertEquals("password-strength", factory.getId());
        assertEquals("int", factory.getConfigType());
        assertEquals("3", factory.getDefaultConfigValue());
        assertEquals(false, factory.isMultiplSupported());
        assertEquals("Password strength (zxcvbn score 0-4)", factory.getDisplayName());
        KeycloakContext context = context(null);
        KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("getContext", a -> context));
        assertNull(factory.create(session).validate("sam@example.org", "tidal-Quarry-7-lantern-bloom"));
        assertEquals("passwordStrengthCommon", message(factory.create(session).validate("sam@example.org", "password")));
        factory.create(session).close();
        factory.close();
    }

    private static String message(PolicyError error) {
        return error == null ? null : error.getMessage();
    }

    private PasswordStrengthPolicyProvider provider(MultivaluedHashMap<String, String> form) {
        return new PasswordStrengthPolicyProvider(context(form), ESTIMATOR);
    }

    private static KeycloakContext context(MultivaluedHashMap<String, String> form) {
        HttpRequest request = form == null ? null
                : Fake.of(HttpRequest.class, Map.of("getDecodedFormParameters", a -> form));
        Map<String, Function<Object[], Object>> answers = new HashMap<>();
        answers.put("getHttpRequest", a -> request);
        answers.put("getRealm", a -> realm(3));
        return Fake.of(KeycloakContext.class, answers);
    }

    private static RealmModel realm(int score) {
        return realm("password-strength(" + score + ")");
    }

    private static RealmModel realm(String policyText) {
        PasswordStrengthPolicyProvider parser = new PasswordStrengthPolicyProvider(null, ESTIMATOR);
        PasswordPolicyProvider maxLength = Fake.of(PasswordPolicyProvider.class,
                Map.of("parseConfig", a -> Integer.valueOf((String) a[0])));
        KeycloakSession session = Fake.of(KeycloakSession.class,
                Map.of("getProvider", a -> "maxLength".equals(a[1]) ? maxLength : parser));
        PasswordPolicy policy = PasswordPolicy.parse(session, policyText);
        return Fake.of(RealmModel.class, Map.of(
                "getName", a -> "docs",
                "getDisplayName", a -> "Docs Site",
                "getPasswordPolicy", a -> policy));
    }

    private static UserModel user(String email, String firstName, String lastName) {
        return Fake.of(UserModel.class, Map.of(
                "getEmail", a -> email,
                "getUsername", a -> email,
                "getFirstName", a -> firstName,
                "getLastName", a -> lastName));
    }
}

package dev.docsauth.keycloak.validation;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.keycloak.userprofile.Attributes;

/** Just enough of Keycloak's {@link Attributes} for the rule: the values by name. */
final class FakeAttributes {

    private FakeAttributes() {
    }

    static Attributes of(Map<String, List<String>> values) {
        return (Attributes) Proxy.newProxyInstance(Attributes.class.getClassLoader(), new Class<?>[] {Attributes.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> values.getOrDefault((String) args[0], List.of());
                    case "toString" -> values.toString();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

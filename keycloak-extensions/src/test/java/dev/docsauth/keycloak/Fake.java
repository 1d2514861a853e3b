package dev.docsauth.keycloak;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/** Stand-ins for Keycloak's interfaces in unit tests: each answers only the methods it is given. */
public final class Fake {

    private Fake() {
    }

    /** An implementation of {@code type} that answers only the methods named, and fails on any other. */
    @SuppressWarnings("unchecked")
    public static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "fake " + type.getSimpleName();
                default:
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer == null) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                    }
                    return answer.apply(args);
            }
        });
    }
}

package dev.docsauth.keycloak.password;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * Keycloak's update-password required action (26.7) answers a password its policy refuses with
 * {@code form().setError(message, parameters)}: the page's message, above the form, tied to no field. Through the
 * context this class wraps, that call becomes {@code addError(new FormMessage("password", message, parameters))}:
 * the error of the field {@code password}, which keycloak.v2's {@code login-update-password.ftl} shows under the
 * new-password field (with {@code aria-invalid="true"}; our theme's {@code docs.js} points the field at it), and the
 * page's message is then left out. Everything else goes to Keycloak's own objects unchanged. Keycloak's other
 * answers on that page (a missing password, a confirmation that differs) are field errors already.
 */
public final class RefusalOnPasswordField {

    /** The field whose error the update-password template shows under the new password. */
    static final String FIELD = "password";

    private RefusalOnPasswordField() {
    }

    /** {@code context}, whose {@code form()} puts {@code setError} on the password field. */
    public static RequiredActionContext wrap(RequiredActionContext context) {
        return proxy(RequiredActionContext.class, context, (method, args) -> {
            Object result = call(context, method, args);
            return method.getName().equals("form") && result instanceof LoginFormsProvider form ? onField(form) : result;
        });
    }

    /** {@code form}, whose {@code setError(String, Object...)} adds the message to the password field. */
    static LoginFormsProvider onField(LoginFormsProvider form) {
        LoginFormsProvider[] self = new LoginFormsProvider[1];
        self[0] = proxy(LoginFormsProvider.class, form, (method, args) -> {
            if (method.getName().equals("setError") && args != null && args.length == 2 && args[0] instanceof String message) {
                form.addError(new FormMessage(FIELD, message, (Object[]) args[1]));
                return self[0];
            }
            Object result = call(form, method, args);
            return result == form ? self[0] : result; // the builder's next call goes through here too
        });
        return self[0];
    }

    private interface Call {
        Object apply(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (p, method, args) -> call.apply(method, args);
        return type.cast(Proxy.newProxyInstance(RefusalOnPasswordField.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

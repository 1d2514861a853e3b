package dev.docsauth.keycloak.signals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A receiver of pushed SETs (RFC 8935): where to POST, the {@code aud} of its SETs, and the bearer credential
 * it expects ({@code Authorization: Bearer <secret>}).
 *
 * @param name     its name in the SPI options, letters and digits
 * @param url      http(s) URL of its push endpoint
 * @param audience the SETs' {@code aud}
 * @param secret   the push secret; never logged
 */
public record Receiver(String name, URI url, String audience, String secret) {

    @Override
    public String toString() {
        return "Receiver[" + name + ' ' + url + ' ' + audience + ']';
    }

    /**
     * The receivers named in option {@code receivers} (comma-separated names), each with options
     * {@code <name>-url}, {@code <name>-audience} and {@code <name>-secret}.
     *
     * @param option reads one option by name; {@code null} when unset
     * @throws IllegalArgumentException naming the option that is missing or wrong, so a wrong setting stops the start
     */
    public static List<Receiver> parse(Function<String, String> option) {
        String names = option.apply("receivers");
        List<Receiver> receivers = new ArrayList<>();
        if (names == null || names.isBlank()) {
            return receivers;
        }
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (!name.matches("[A-Za-z0-9]{1,64}")) {
                throw new IllegalArgumentException("receivers: a receiver's name is letters and digits, not '" + name + "'");
            }
            URI url = url(name, required(option, name + "-url"));
            receivers.add(new Receiver(name, url, required(option, name + "-audience"), required(option, name + "-secret")));
        }
        return receivers;
    }

    private static String required(Function<String, String> option, String name) {
        String value = option.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option " + name + " is required");
        }
        return value.trim();
    }

    private static URI url(String name, String value) {
        try {
            URI url = new URI(value);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + name + "-url is not an http(s) URL: " + value);
    }
}

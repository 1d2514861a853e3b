package dev.docsauth.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every password, token, authorization code and reader's e-mail address the tests send or receive, appended to
 * SECRETS_SEEN (scripts/test.sh: build/secrets-seen.txt), one {@code kind<TAB>value} a line. After the whole run,
 * scripts/scan_logs_for_secrets.py looks for each of them in every log. Recorded where they pass: the forms the
 * {@link Browser} posts, the redirects it gets, and the JSON and forms of {@link Json}.
 */
final class SecretsSeen {

    private static final Path FILE = Path.of(System.getenv().getOrDefault("SECRETS_SEEN", "../build/secrets-seen.txt"));
    private static final String[] TOKEN_FIELDS = {"access_token", "refresh_token", "id_token"};

    private SecretsSeen() {
    }

    static synchronized void seen(String kind, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, kind + "\t" + value.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record what the tests used in " + FILE, e);
        }
    }

    /** The fields of a form the tests post: passwords, and addresses typed as username or e-mail. */
    static void formField(String name, String value) {
        if (name.startsWith("password")) {
            seen("password", value);
        } else if (("email".equals(name) || "username".equals(name)) && value.contains("@")) {
            seen("email", value);
        } else if ("code".equals(name) || "refresh_token".equals(name)) {
            seen("code".equals(name) ? "code" : "token", value);
        }
    }

    static void form(String urlEncoded) {
        for (String pair : urlEncoded.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                formField(decode(kv[0]), decode(kv[1]));
            }
        }
    }

    static void form(Map<String, java.util.List<String>> form) {
        form.forEach((name, values) -> values.forEach(v -> formField(name, v)));
    }

    /** An authorization code on a redirect (query or fragment). */
    static void redirect(String location) {
        if (location == null) {
            return;
        }
        URI uri = URI.create(location);
        for (String part : new String[] {uri.getRawQuery(), uri.getRawFragment()}) {
            if (part != null) {
                for (String pair : part.split("&")) {
                    if (pair.startsWith("code=")) {
                        seen("code", decode(pair.substring(5)));
                    }
                }
            }
        }
    }

    /** Tokens in a JSON answer (the token endpoint's). */
    static void tokens(JsonNode body) {
        if (body == null || !body.isObject()) {
            return;
        }
        for (String field : TOKEN_FIELDS) {
            if (body.hasNonNull(field)) {
                seen("token", body.get(field).asText());
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

package dev.docsauth.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A minimal browser over HTTP: keeps cookies and follows redirects by hand, so that tests can stop at the
 * redirect to the client's callback. Keycloak marks its cookies Secure even over plain http; browsers send them
 * back to localhost, Java's CookieManager does not, hence this small jar of our own.
 */
final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final Map<String, String> cookies = new LinkedHashMap<>();

    record Page(int status, URI uri, String body, String location) {
        Document document() {
            return Jsoup.parse(body, uri.toString());
        }

        boolean isRedirect() {
            return status / 100 == 3 && location != null;
        }
    }

    Page get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Page post(String url, Map<String, List<String>> form) {
        SecretsSeen.form(form);
        String body = form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Follows redirects until a page, or until a redirect to {@code stopAt} (returned, not followed). */
    Page follow(Page page, String stopAt) {
        int hops = 0;
        while (page.isRedirect() && !page.location().startsWith(stopAt)) {
            if (++hops > 10) {
                throw new IllegalStateException("redirect loop at " + page.uri());
            }
            page = get(page.uri().resolve(page.location()).toString());
        }
        return page;
    }

    private Page send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            String location = response.headers().firstValue("Location").orElse(null);
            SecretsSeen.redirect(location);
            return new Page(response.statusCode(), built.uri(), response.body(), location);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

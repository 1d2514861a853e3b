package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The stack's mail catcher (MailDev) through its REST API: {@code GET /email} lists every mail kept, each with
 * {@code to} (a list of {@code address}/{@code name}), {@code subject}, {@code text} and {@code html}.
 */
final class MailCatcher {

    static final String URL = System.getenv().getOrDefault("MAIL_WEB_URL", "http://localhost:8025");

    /** HTTP/1.1: MailDev's server drops a request that offers the upgrade to HTTP/2 (Java's default). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private MailCatcher() {
    }

    /** The mails to {@code address} (letter case aside), oldest first. */
    static List<JsonNode> mailsTo(String address) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode mail : all()) {
            for (JsonNode to : mail.path("to")) {
                if (to.path("address").asText().equalsIgnoreCase(address)) {
                    out.add(mail);
                    break;
                }
            }
        }
        return out;
    }

    private static JsonNode all() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL + "/email")).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to 30 s) until at least {@code count} mails to {@code address} have arrived; returns them all. */
    static List<JsonNode> waitFor(String address, int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<JsonNode> mails = mailsTo(address);
            if (mails.size() >= count || System.nanoTime() > deadline) {
                assertEquals(count, Math.min(mails.size(), count), mails.size() + " of " + count + " mail(s) arrived");
                return mails;
            }
            sleep(200);
        }
    }

    /** The one link of the mail's HTML whose URL contains {@code path}. */
    static String link(JsonNode mail, String path) {
        Set<String> links = Jsoup.parse(mail.path("html").asText()).select("a[href]").stream()
                .map(a -> a.attr("href")).filter(href -> href.contains(path)).collect(Collectors.toSet());
        assertEquals(1, links.size(), "links to " + path + " in the mail " + mail.path("subject").asText());
        return links.iterator().next();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.docsauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.parser.Parser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The development mail catcher of scripts/stack.py (MailDev), read through its REST API: {@code GET /email} lists
 * every mail it keeps, oldest first, each with {@code to}, {@code subject}, {@code html} and {@code text}.
 */
final class MailCatcher {

    static final String URL = System.getenv().getOrDefault("MAIL_WEB_URL", "http://localhost:8025").replaceAll("/$", "");
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");
    // HTTP/1.1: MailDev closes the connection on the h2c upgrade that the JDK's client offers by default.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private MailCatcher() {
    }

    /** The mails sent to {@code address} so far, oldest first. */
    static List<JsonNode> mailsTo(String address) {
        JsonNode all;
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(URL + "/email")).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "the mail catcher at " + URL + " answered " + r.statusCode());
            all = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("the mail catcher at " + URL + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode mail : all) {
            for (JsonNode to : mail.path("to")) {
                if (to.path("address").asText().equalsIgnoreCase(address)) {
                    out.add(mail);
                }
            }
        }
        return out;
    }

    /** Waits (up to 30 s) until {@code count} mails to {@code address} have arrived; returns them, oldest first. */
    static List<JsonNode> waitFor(String address, int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<JsonNode> mails = mailsTo(address);
            if (mails.size() >= count || System.nanoTime() > deadline) {
                assertTrue(mails.size() >= count, mails.size() + " of " + count + " mail(s) to " + address + " arrived in 30 s");
                return mails;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The one link of a mail's HTML part whose URL contains {@code path}, unescaped. */
    static String link(JsonNode mail, String path) {
        Set<String> links = new java.util.LinkedHashSet<>();
        Matcher m = HREF.matcher(mail.path("html").asText());
        while (m.find()) {
            String url = Parser.unescapeEntities(m.group(1), true);
            if (url.contains(path)) {
                links.add(url);
            }
        }
        assertEquals(1, links.size(), "links to " + path + " in the mail '" + mail.path("subject").asText() + "'");
        return links.iterator().next();
    }
}

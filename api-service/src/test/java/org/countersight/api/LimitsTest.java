package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.countersight.events.Alert;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every per-client limit and cap, with limits small enough to reach: rate limits answer 429 with Retry-After, the caps
 * on exports and SSE clients 503, a slow SSE client gets a final 'dropped' event, a search past its time limit 503,
 * a page with q above max-highlighted 400. Each test counts against its own API key, so their buckets are apart.
 */
@QuarkusTest
@TestProfile(LimitsTest.Tight.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class LimitsTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("countersight.api.keys", "test-key-1,test-key-2,limit-a,limit-b,limit-c,limit-d,limit-e,limit-f,limit-g,limit-h,limit-i"),
                    Map.entry("countersight.limits.search-per-minute", "1"),
                    Map.entry("countersight.limits.search-burst", "3"),
                    Map.entry("countersight.limits.export-per-minute", "1"),
                    Map.entry("countersight.limits.export-burst", "3"),
                    Map.entry("countersight.limits.stream-per-minute", "1"),
                    Map.entry("countersight.limits.stream-burst", "4"),
                    Map.entry("countersight.limits.max-concurrent-exports", "1"),
                    Map.entry("countersight.limits.max-stream-clients", "2"),
                    Map.entry("countersight.limits.stream-buffer", "2"),
                    // no search finishes in 0 ms once the index holds a document: the time limit answers every time
                    Map.entry("countersight.limits.search-timeout", "0s"),
                    Map.entry("countersight.limits.max-highlighted", "5"));
        }
    }

    @TestHTTPResource("/")
    URL root;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    private static void assertRateLimited(Response r, String limit) {
        assertEquals(429, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        int retryAfter = Integer.parseInt(r.getHeader("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(limit, r.jsonPath().getString("limit"));
        assertTrue(r.jsonPath().getString("detail").contains("try again in " + retryAfter + " s"), r.asString());
    }

    /** Calls until the first 429 (at most 10 times; at one token a minute no refill can reach that far). */
    private static Response untilRefused(java.util.function.Supplier<Response> call, int burst) {
        for (int i = 1; i <= 10; i++) {
            Response r = call.get();
            if (r.statusCode() == 429) {
                assertTrue(i > burst, "refused after " + (i - 1) + " calls, the burst is " + burst);
                return r;
            }
        }
        throw new AssertionError("never refused");
    }

    @Test
    void searchesArePerClientAndAnswer429WithRetryAfter() {
        Response refused = untilRefused(() -> given().get("/api/v1/articles"), 3);
        assertRateLimited(refused, "search");
        // the timeline counts as a search, from the same client
        assertRateLimited(given().get("/api/v1/timeline"), "search");
        // a caller with a key has a bucket of its own; an invalid key is just another anonymous call
        assertNotEquals(429, given().header("Authorization", "Bearer limit-a").get("/api/v1/articles").statusCode());
        assertEquals(429, given().header("Authorization", "Bearer not-a-key").get("/api/v1/articles").statusCode());
    }

    @Test
    void exportsAreRateLimited() {
        Response refused = untilRefused(() -> given().header("Authorization", "Bearer limit-b")
                .queryParam("q", Fixtures.uniqueWord()).get("/api/v1/articles/export"), 3);
        assertRateLimited(refused, "export");
    }

    @Test
    void streamOpensAreRateLimited() {
        Response refused = untilRefused(() -> {
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(root.toURI().resolve("/api/v1/alerts/stream"))
                        .header("Authorization", "Bearer limit-c").build(), HttpResponse.BodyHandlers.ofInputStream());
                byte[] body = r.statusCode() == 200 ? new byte[0] : r.body().readAllBytes();
                r.body().close();
                return new io.restassured.builder.ResponseBuilder().setStatusCode(r.statusCode())
                        .setContentType(r.headers().firstValue("Content-Type").orElse(""))
                        .setHeader("Retry-After", r.headers().firstValue("Retry-After").orElse("0"))
                        .setBody(body).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 4);
        assertRateLimited(refused, "stream");
    }

    private static void awaitNoStreamClients() {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().get("/q/metrics").asString().contains("countersight_alerts_sse_clients 0.0"));
    }

    @Test
    void sseClientsAreCappedWith503() throws Exception {
        awaitNoStreamClients();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(root.toURI().resolve("/api/v1/alerts/stream"))
                        .header("Authorization", "Bearer limit-d").build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode());
                open.add(r);
            }
            Response third = given().header("Authorization", "Bearer limit-d").get("/api/v1/alerts/stream");
            assertEquals(503, third.statusCode(), third.asString());
            assertTrue(third.contentType().startsWith("application/problem+json"));
            assertTrue(third.jsonPath().getString("detail").contains("2 clients are connected"), third.asString());
            assertTrue(Integer.parseInt(third.getHeader("Retry-After")) > 0);
        } finally {
            for (HttpResponse<InputStream> r : open) {
                r.body().close();
            }
        }
    }

    @Test
    void aSlowSseClientGetsAFinalDroppedEventAndItsStreamEnds() throws Exception {
        awaitNoStreamClients();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so the TCP window stays small
            socket.connect(new java.net.InetSocketAddress(root.getHost(), root.getPort()));
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/alerts/stream?category=spyware HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort()
                    + "\r\nAuthorization: Bearer limit-e\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    given().get("/q/metrics").asString().contains("countersight_alerts_sse_clients 1.0"));
            // far more than the socket buffers hold while this client reads nothing (Linux lets a loopback send buffer
            // grow to tcp_wmem's maximum, 4 MB by default): 60 alerts of ~400 KB each
            String filler = "Cameras watch the square. ".repeat(16_000);
            try (var p = Fixtures.producer()) {
                for (int i = 0; i < 60; i++) {
                    Alert a = Fixtures.alert("Slow reader " + i + " " + filler, "KH", "spyware", 0.9);
                    p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.ALERTS, a.articleId(),
                            org.countersight.events.Json.write(a))).get();
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    given().get("/q/metrics").asString().contains("countersight_alerts_sse_dropped_total 1.0"));
            // now read it all: the alerts that fit, then the final event, then the end of the response
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 200"), text.substring(0, Math.min(200, text.length())));
            Matcher finalEvent = Pattern.compile("(?m)^event: ?dropped$").matcher(text);
            int dropped = finalEvent.find() ? finalEvent.start() : -1;
            assertTrue(dropped > 0, "a final 'dropped' event; got " + text.length() + " characters, ending "
                    + text.substring(Math.max(0, text.length() - 600)));
            String rest = text.substring(dropped);
            assertTrue(rest.contains("too slow") && rest.contains("Last-Event-ID"), rest);
            assertTrue(Pattern.compile("(?m)^retry: ?10000$").matcher(rest).find(), rest);
            assertTrue(!Pattern.compile("(?m)^event: ?alert$").matcher(rest).find(), "nothing after the final event");
            assertTrue(Pattern.compile("(?m)^event: ?alert$").matcher(text).find(), "the alerts that fit came first");
        }
    }

    @Test
    void exportsRunningAtOnceAreCappedWith503() throws Exception {
        // ~10 MB of export, far more than the socket buffers of a client that reads nothing hold
        String filler = "Police cameras watch the square every night. ".repeat(220);
        List<TaggedArticle> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(Fixtures.article("https://news.example.org/export-cap/" + i + "/" + Fixtures.uniqueWord(), "Export cap " + i,
                    filler, Instant.parse("2026-02-01T10:00:00Z").plusSeconds(i), List.of("KH"), List.of("cctv")));
        }
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, many);
        String last = many.get(many.size() - 1).id();
        await().atMost(Duration.ofSeconds(120)).until(() -> given().get("/api/v1/articles/" + last).statusCode() == 200);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(root.getHost(), root.getPort()));
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/articles/export?format=jsonl HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort()
                    + "\r\nAuthorization: Bearer limit-h\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] start = socket.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 200", new String(start, StandardCharsets.US_ASCII));
            // the first export now waits on this client's full socket, holding the only slot
            Response second = given().header("Authorization", "Bearer limit-i").queryParam("format", "csv")
                    .get("/api/v1/articles/export");
            assertEquals(503, second.statusCode(), second.asString());
            assertTrue(second.contentType().startsWith("application/problem+json"));
            assertTrue(second.jsonPath().getString("detail").contains("1 exports are streaming"), second.asString());
            assertTrue(Integer.parseInt(second.getHeader("Retry-After")) > 0);
        }
        // the client went away: its export fails on the next write and gives the slot back
        // (polled slowly: each try takes one of limit-i's two remaining export tokens)
        await().atMost(Duration.ofSeconds(150)).pollDelay(Duration.ofSeconds(3)).pollInterval(Duration.ofSeconds(10))
                .until(() -> given().header("Authorization", "Bearer limit-i")
                .queryParam("q", "nothingmatchesthisword").get("/api/v1/articles/export").statusCode() == 200);
    }

    @Test
    void aSearchPastItsTimeLimitAnswers503() {
        TaggedArticle a = Fixtures.article("https://news.example.org/timeout/" + Fixtures.uniqueWord(), "Cameras at the border",
                "Cameras at the border crossing were switched on.", Instant.parse("2026-03-01T10:00:00Z"), List.of("KH"),
                List.of("cctv"));
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, List.of(a));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/v1/articles/" + a.id()).statusCode() == 200);
        Response r = given().header("Authorization", "Bearer limit-f").queryParam("q", "cameras").queryParam("limit", 5)
                .get("/api/v1/articles");
        assertEquals(503, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals("urn:countersight:problem:search-timeout", r.jsonPath().getString("type"));
        assertTrue(r.jsonPath().getString("detail").contains("narrow it"), r.asString());
        Response t = given().header("Authorization", "Bearer limit-f").get("/api/v1/timeline");
        assertEquals(503, t.statusCode(), t.asString());
    }

    @Test
    void aHighlightedPageIsBounded() {
        Response r = given().header("Authorization", "Bearer limit-g").queryParam("q", "cameras").queryParam("limit", 6)
                .get("/api/v1/articles");
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("limit", r.jsonPath().getString("parameter"));
        assertTrue(r.jsonPath().getString("detail").contains("at most 5"), r.asString());
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

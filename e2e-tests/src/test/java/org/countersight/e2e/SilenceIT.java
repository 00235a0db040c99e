package org.countersight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The silence signal through the packaged system: ingest-service polls real feeds "in" three countries, each on its
 * own loopback host (127.0.0.x; Linux routes all of 127/8 to lo), api-service watches their health. One feed stopping
 * raises nothing; all feeds of Kenya stopping (their servers close, so connections are refused) raise one signal on
 * the SSE stream, then a recovery note when they answer again; every feed stopping at once raises nothing and turns
 * the connectivity check DOWN. No nlp-service: the signal needs only the sources' health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilenceIT {

    private static final String API_KEY = "e2e-test-key";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One country's news site on its own loopback address; stopping it leaves the port closed (connection refused). */
    static final class Site implements AutoCloseable {
        final String country;
        final String host;
        final int port;
        private HttpServer server;

        Site(String country, String host, int port) {
            this.country = country;
            this.host = host;
            this.port = port;
        }

        String feedUrl() {
            return "http://" + host + ":" + port + "/feed.xml";
        }

        synchronized void start() {
            try {
                server = HttpServer.create(new InetSocketAddress(host, port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind " + host + ":" + port, e);
            }
            server.createContext("/feed.xml", exchange -> {
                String now = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>" + country
                        + " Daily on " + host + "</title><link>http://" + host + "/</link><description>Local test feed</description>"
                        + "<item><title>Harbour works resume in " + country + "</title><link>http://" + host + "/news/harbour</link>"
                        + "<guid>http://" + host + "/news/harbour</guid><pubDate>" + now + "</pubDate>"
                        + "<description>The port authority said work on the new quay resumed this morning.</description></item>"
                        + "</channel></rss>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        synchronized void stop() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    private EmbeddedKafka kafka;
    private ServiceProcess api;
    private ServiceProcess ingest;
    private final List<Site> sites = new ArrayList<>();

    @BeforeAll
    void startSystem() throws IOException {
        Path repoRoot = Path.of(System.getProperty("countersight.repo.root", "..")).toAbsolutePath().normalize();
        Path logDir = Files.createDirectories(repoRoot.resolve("e2e-tests/target/e2e-logs"));
        Path dataDir = Files.createTempDirectory("countersight-silence-");
        kafka = EmbeddedKafka.start();
        int port = freePort();
        for (String[] c : new String[][] {{"KE", "11", "4"}, {"UG", "21", "3"}, {"TZ", "31", "3"}}) {
            for (int i = 0; i < Integer.parseInt(c[2]); i++) {
                Site site = new Site(c[0], "127.0.0." + (Integer.parseInt(c[1]) + i), port);
                site.start();
                sites.add(site);
            }
        }
        Map<String, String> apiProps = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "countersight.coverage.signal.evaluate-every", "PT1S",
                "countersight.coverage.signal.hold", "PT8S",
                "countersight.coverage.refresh", "PT5S");
        // failing sources are retried every second or two and never paused, so a recovery shows within seconds
        Map<String, String> ingestProps = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "countersight.poll.default-interval", "PT2S",
                "countersight.poll.min-interval", "PT1S",
                "countersight.poll.max-interval", "PT3S",
                "countersight.poll.error-backoff", "PT1S",
                "countersight.poll.max-backoff", "PT2S",
                "countersight.poll.pause-after-failures", "100000",
                "countersight.fetch.per-host-interval", "PT0S",
                "countersight.fetch.connect-timeout", "PT2S");
        Map<String, String> env = Map.of(
                "COUNTERSIGHT_DATA", dataDir.toString(),
                "COUNTERSIGHT_API_KEYS", API_KEY,
                "COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS", "true",
                "COUNTERSIGHT_FULLTEXT_ENABLED", "false");
        Path silenceLogs = Files.createDirectories(logDir.resolve("silence"));
        api = new ServiceProcess("api-service", repoRoot, silenceLogs, "384m", apiProps, env);
        ingest = new ServiceProcess("ingest-service", repoRoot, silenceLogs, "384m", ingestProps, env);
        api.start();
        ingest.start();
        api.awaitReady(READY_TIMEOUT);
        ingest.awaitReady(READY_TIMEOUT);
    }

    @AfterAll
    void stopSystem() {
        for (ServiceProcess service : new ServiceProcess[] {ingest, api}) {
            if (service != null) {
                service.close();
            }
        }
        sites.forEach(Site::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<Alert> signals(SseClient sse, String cc) {
        List<Alert> out = new ArrayList<>();
        for (String e : sse.events) {
            try {
                Alert a = Json.read(e.getBytes(StandardCharsets.UTF_8), Alert.class);
                if (a.silenceSignal() && a.countries() != null && a.countries().contains(cc)) {
                    out.add(a);
                }
            } catch (RuntimeException notAnAlert) {
                // other events of the stream
            }
        }
        return out;
    }

    private List<Site> of(String cc) {
        return sites.stream().filter(s -> s.country.equals(cc)).toList();
    }

    @Test
    void kenyaGoingSilentRaisesOneSignalThenARecoveryButOneFeedOrEveryCountryDoesNot() throws Exception {
        for (Site s : sites) {
            String body = "{\"url\":\"" + s.feedUrl() + "\",\"name\":\"" + s.country + " Daily " + s.host + "\",\"country\":\"" + s.country + "\"}";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/sources"))
                    .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
        }
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode c = get("/api/v1/coverage");
            int active = 0;
            for (JsonNode row : c.path("countries")) {
                active += row.path("sources").path("active").asInt();
            }
            return active == sites.size();
        });

        try (SseClient sse = new SseClient(api.baseUrl() + "/api/v1/alerts/stream?category=internet_shutdown")) {
            // one feed stops: failing at network level, no signal
            of("KE").get(0).stop();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get("/api/v1/coverage/KE").path("failingByReason").path("network").asInt() == 1);
            await().during(Duration.ofSeconds(12)).atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> signals(sse, "KE").isEmpty());

            // all of Kenya stops answering
            Instant silent = Instant.now();
            of("KE").forEach(Site::stop);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !signals(sse, "KE").isEmpty());
            long ms = Duration.between(silent, Instant.now()).toMillis();
            System.out.printf("SilenceIT: silence to signal through the packaged system: %d ms "
                    + "(ingest retries every 1-2 s, api evaluates every 1 s, hold 8 s)%n", ms);
            Alert signal = signals(sse, "KE").get(0);
            assertEquals(Boolean.TRUE, signal.inferred());
            assertEquals(Alert.Signal.RAISED, signal.signal().phase());
            assertEquals(4, signal.signal().silentHosts());
            assertTrue(signal.signal().evidence().stream().allMatch(e -> "CONNECTION_REFUSED".equals(e.failure())),
                    signal.signal().evidence().toString());
            await().during(Duration.ofSeconds(10)).atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> signals(sse, "KE").size() == 1 && signals(sse, "UG").isEmpty() && signals(sse, "TZ").isEmpty());

            // Kenya answers again: a recovery note of the same episode
            Instant back = Instant.now();
            of("KE").forEach(Site::start);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> signals(sse, "KE").size() == 2);
            System.out.printf("SilenceIT: sources back to recovery note: %d ms%n", Duration.between(back, Instant.now()).toMillis());
            Alert recovery = signals(sse, "KE").get(1);
            assertEquals(Alert.Signal.RECOVERED, recovery.signal().phase());
            assertEquals(signal.signal().episodeId(), recovery.signal().episodeId());

            // every country stops at once: the monitor's own network, not a shutdown
            sites.forEach(Site::stop);
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> status("/q/health/well") == 503);
            assertEquals("suspect", get("/api/v1/coverage").path("monitor").path("connectivity").asText());
            await().during(Duration.ofSeconds(12)).atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> signals(sse, "KE").size() == 2 && signals(sse, "UG").isEmpty() && signals(sse, "TZ").isEmpty());
            sites.forEach(Site::start);
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> status("/q/health/well") == 200);
        }
    }
}

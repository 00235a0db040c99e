package org.countersight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.countersight.events.ArticleIds;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster under faults, as {@code deploy/local/up --cluster} runs it: three Kafka nodes (separate JVMs,
 * replication 3, min.insync.replicas 2) and two instances of every service. While two feeds keep publishing new
 * stories (and syndicated copies of some), the test kills -9 the node leading {@code articles.raw}, starts it again,
 * kills -9 one instance of each service and starts them again, then restarts every service in turn (rolling).
 * Then every article is indexed exactly once in each api instance, every story alerted exactly once, an SSE client
 * that reconnected with Last-Event-ID saw no gap and no repeat, and the webhook receiver got each alert once, signed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFaultIT {

    private static final String API_KEY = "e2e-cluster-key";
    private static final String SECRET = "e2e-cluster-webhook-secret";
    private static final String MARKER = "Zentrovia"; // a made-up word in every text of this run
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BrokerCluster kafka;
    private Path dataDir;
    private final List<ServiceProcess> apis = new ArrayList<>();
    private final List<ServiceProcess> ingests = new ArrayList<>();
    private final List<ServiceProcess> nlps = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        Path repoRoot = Path.of(System.getProperty("countersight.repo.root", "..")).toAbsolutePath().normalize();
        Path logDir = Files.createDirectories(repoRoot.resolve("e2e-tests/target/e2e-logs/cluster"));
        dataDir = Files.createTempDirectory("countersight-cluster-");
        kafka = new BrokerCluster(3, Files.createDirectories(dataDir.resolve("kafka")), logDir).start(Duration.ofMinutes(2));

        Map<String, String> kafkaProps = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "countersight.kafka.replication-factor", "3",
                "countersight.kafka.min-insync-replicas", "2");
        Map<String, String> env = Map.of(
                "COUNTERSIGHT_DATA", dataDir.toString(),
                "COUNTERSIGHT_API_KEYS", API_KEY,
                "COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS", "true",
                "COUNTERSIGHT_WEBHOOKS_ALLOW_HTTP", "true", // the test's receiver is http://127.0.0.1
                // these tests poll search far faster than a person; the per-client limits have tests of their own
                "COUNTERSIGHT_LIMITS_SEARCH_PER_MINUTE", "100000", "COUNTERSIGHT_LIMITS_SEARCH_BURST", "100000",
                "COUNTERSIGHT_LIMITS_STREAM_BURST", "1000", "COUNTERSIGHT_LIMITS_MAX_HIGHLIGHTED", "500");
        for (int i = 1; i <= 2; i++) {
            Map<String, String> api = new HashMap<>(kafkaProps);
            api.put("countersight.index.dir", dataDir.resolve("api-" + i + "/index").toString()); // each its own index
            apis.add(new ServiceProcess("api-service", "api-service-" + i, repoRoot, logDir, "384m", api, env).start());
        }
        for (int i = 1; i <= 2; i++) {
            Map<String, String> ingest = new HashMap<>(kafkaProps);
            ingest.put("countersight.poll.default-interval", "PT2S");
            ingest.put("countersight.poll.min-interval", "PT1S");
            ingest.put("countersight.poll.max-interval", "PT3S");
            ingest.put("countersight.fetch.per-host-interval", "PT0S");
            ingest.put("countersight.fulltext.enabled", "false");
            ingests.add(new ServiceProcess("ingest-service", "ingest-service-" + i, repoRoot, logDir, "256m", ingest, env).start());
        }
        for (int i = 1; i <= 2; i++) {
            Map<String, String> nlp = new HashMap<>(kafkaProps);
            nlp.put("mp.messaging.incoming.articles-raw.concurrency", "1");
            nlps.add(new ServiceProcess("nlp-service", "nlp-service-" + i, repoRoot, logDir, "768m", nlp, env).start());
        }
        for (ServiceProcess s : all()) {
            s.awaitReady(READY_TIMEOUT);
        }
    }

    @AfterAll
    void stopCluster() {
        List<ServiceProcess> order = new ArrayList<>(ingests);
        order.addAll(nlps);
        order.addAll(apis);
        for (ServiceProcess s : order) {
            s.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(apis);
        all.addAll(ingests);
        all.addAll(nlps);
        return all;
    }

    /**
     * A story of its own: the event sentence every story shares, then 60 made-up words drawn with the story number as
     * seed (English function words between them, so the text still reads as English to the language detector). Texts
     * of different stories share only the sentence: far apart for the story fingerprint and the near-duplicate check.
     */
    static String storyText(int story) {
        Random r = new Random(story * 7919L + 17);
        StringBuilder sb = new StringBuilder("NAIROBI - Kenya's National Police Service has switched on a network of facial "
                + "recognition cameras at junctions and bus termini across Nairobi, matching passers-by against a watch list. "
                + "Residents of " + MARKER + " said that the");
        for (int i = 0; i < 60; i++) {
            sb.append(' ');
            for (int k = 0, n = 4 + r.nextInt(6); k < n; k++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            sb.append(i % 12 == 11 ? ". It was the" : i % 4 == 3 ? " and the" : "");
        }
        return sb.append(" story ").append(story).append('.').toString();
    }

    @Test
    void survivesBrokerAndInstanceKillsAndARollingRestartWithNothingLostOrDoubled() throws Exception {
        Map<String, Integer> storyOfArticle = new ConcurrentHashMap<>();
        AtomicInteger stories = new AtomicInteger();
        List<String> events = new CopyOnWriteArrayList<>();
        try (FeedServer feedA = new FeedServer(); FeedServer feedB = new FeedServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            HttpResponse<String> sub = post(apis.get(0), "/api/v1/subscriptions",
                    "{\"url\":\"" + hooks.url() + "\",\"countries\":[],\"categories\":[],\"secret\":\"" + SECRET + "\"}");
            assertEquals(201, sub.statusCode(), sub.body());
            for (FeedServer f : List.of(feedA, feedB)) {
                HttpResponse<String> created = post(apis.get(0), "/api/v1/sources",
                        "{\"url\":\"" + f.feedUrl() + "\",\"name\":\"Cluster wire " + f.feedUrl().hashCode() + "\"}");
                assertEquals(201, created.statusCode(), created.body());
            }

            // the steady stream: a new item every 800 ms, alternately on each feed; every fifth item is a syndicated
            // copy (another feed, another URL, a credit line) of the story before it
            ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger items = new AtomicInteger();
            stream.scheduleAtFixedRate(() -> {
                int n = items.getAndIncrement();
                FeedServer feed = n % 2 == 0 ? feedA : feedB;
                ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
                String slug = "cluster-" + n;
                int story;
                String text;
                if (n % 5 == 4) {
                    story = stories.get() - 1;
                    text = storyText(story) + " (Reporting by the wire desk.)";
                } else {
                    story = stories.getAndIncrement();
                    text = storyText(story);
                }
                storyOfArticle.put(ArticleIds.fromUrl(feed.articleUrl(slug)), story);
                feed.add(new FeedServer.Item(slug, "Cameras switched on, report " + n, text, now.minusMinutes(1)));
            }, 0, 800, TimeUnit.MILLISECONDS);

            SseClient firstSse = new SseClient(apis.get(0).baseUrl() + "/api/v1/alerts/stream?lastEventId=start");
            long t0 = System.nanoTime();
            List<String> measured = new ArrayList<>();
            awaitAlertsFrom(firstSse, 3, Duration.ofMinutes(3));
            measured.add(String.format("first alerts after %.1f s", seconds(t0)));

            // 1. kill -9 the node leading articles.raw, start it again
            int leader = kafka.leaderOf(Topics.ARTICLES_RAW, 0);
            long killAt = System.nanoTime();
            kafka.kill9(leader);
            events.add("kill -9 kafka node " + (leader + 1) + " (leader of articles.raw-0)");
            measured.add(String.format("pipeline indexing again %.1f s after the broker kill", recoverySeconds(storyOfArticle, killAt)));
            kafka.startNode(leader);
            kafka.awaitFullyReplicated(List.of(Topics.ARTICLES_RAW, Topics.ARTICLES_TAGGED, Topics.ALERTS,
                    Topics.STORIES, Topics.ALERT_CLAIMS), Duration.ofMinutes(3));
            measured.add(String.format("killed node restarted, all replicas in sync again %.1f s after the kill", seconds(killAt)));

            // the SSE client goes away here and reconnects at the end with its Last-Event-ID
            String resumeFrom = firstSse.lastEventId();
            List<SseClient.Event> beforeGap = List.copyOf(firstSse.received);
            firstSse.close();

            // 2. kill -9 one instance of each service, start them again
            for (List<ServiceProcess> service : List.of(apis, ingests, nlps)) {
                ServiceProcess victim = service.get(1);
                long at = System.nanoTime();
                victim.kill9();
                events.add("kill -9 " + victim.name());
                victim.start().awaitReady(READY_TIMEOUT);
                measured.add(String.format("%s killed and ready again after %.1f s", victim.name(), seconds(at)));
            }

            // 3. rolling restart, one service after the other: the first instances (the second ones were just
            // started again after their kills), so by now every instance of every service has been restarted
            for (List<ServiceProcess> service : List.of(apis, ingests, nlps)) {
                ServiceProcess s = service.get(0);
                long at = System.nanoTime();
                s.stop();
                s.start().awaitReady(READY_TIMEOUT);
                events.add("restart " + s.name());
                measured.add(String.format("%s restarted and ready after %.1f s", s.name(), seconds(at)));
            }

            // keep the stream going a little after the last fault, then stop it and let everything drain
            ServiceProcess.sleep(5000);
            stream.shutdown();
            assertTrue(stream.awaitTermination(10, TimeUnit.SECONDS));
            int articles = storyOfArticle.size();
            Set<String> expectedIds = Set.copyOf(storyOfArticle.keySet());
            long drainStart = System.nanoTime();

            // every article indexed exactly once in EACH api instance
            for (ServiceProcess api : apis) {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> markerTotal(api) >= articles);
                ServiceProcess.sleep(2000); // anything redelivered late would land now
                assertEquals(articles, markerTotal(api), api.name() + ": one document per article");
                assertEquals(expectedIds, markerIds(api), api.name() + ": exactly the articles published");
            }
            measured.add(String.format("all %d articles in both indexes %.1f s after the stream stopped", articles, seconds(drainStart)));

            // every story alerted exactly once (a fresh SSE client from the start of the stream sees every alert)
            int storyCount = new HashSet<>(storyOfArticle.values()).size();
            try (SseClient all = new SseClient(apis.get(1).baseUrl() + "/api/v1/alerts/stream?lastEventId=start")) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> alertedStories(all.received, storyOfArticle).size() >= storyCount);
                ServiceProcess.sleep(3000);
                List<String> alertIds = articleIds(all.received, storyOfArticle);
                Map<Integer, Integer> perStory = new HashMap<>();
                for (String id : alertIds) {
                    perStory.merge(storyOfArticle.get(id), 1, Integer::sum);
                }
                assertEquals(storyCount, perStory.size(), "every story alerted");
                assertTrue(perStory.values().stream().allMatch(c -> c == 1), "every story alerted once: " + repeats(perStory));

                // the SSE client that went away before the service kills reconnects with its Last-Event-ID
                try (SseClient resumed = new SseClient(apis.get(1).baseUrl() + "/api/v1/alerts/stream", resumeFrom)) {
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> articleIds(beforeGap, storyOfArticle).size()
                                    + articleIds(resumed.received, storyOfArticle).size() >= alertIds.size());
                    ServiceProcess.sleep(2000);
                    List<String> joined = new ArrayList<>(articleIds(beforeGap, storyOfArticle));
                    joined.addAll(articleIds(resumed.received, storyOfArticle));
                    assertEquals(joined.size(), new HashSet<>(joined).size(), "no alert twice across the reconnect");
                    assertEquals(new HashSet<>(alertIds), new HashSet<>(joined), "no alert missed across the reconnect");
                }

                // the webhook receiver got each alert once, every delivery signed
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> hooks.articleIds().size() >= alertIds.size());
                ServiceProcess.sleep(3000);
                String summary = String.format("cluster fault run: %d articles (%d stories, %d copies), %d alerts, %d webhook requests (%d distinct deliveries, each alert once after dropping repeats by delivery id), "
                                + "%d SSE events before the reconnect; faults: %s; %s", articles, storyCount, articles - storyCount,
                        alertIds.size(), hooks.requests.get(), hooks.deliveryIds().size(), beforeGap.size(), events, measured);
                System.out.println(summary);
                Files.writeString(Path.of(System.getProperty("countersight.repo.root", ".."), "e2e-tests/target/cluster-fault-summary.txt"),
                        summary + "\n");
                assertEquals(0, hooks.badSignatures.get(), "every delivery carries a valid HMAC-SHA256 signature");
                // Delivery is at least once, by design: an api instance killed with -9 between a successful call and
                // recording it leaves that call to be made again by the partition's next owner, with the same
                // X-Countersight-Delivery id (receivers drop repeats by it). The orderly hand-overs of the rolling
                // restart finish and record their calls first, so only the calls in flight at the one kill -9 of an
                // api instance may repeat: at most the dispatcher's concurrency (8 calls in flight per replica).
                int repeated = hooks.requests.get() - hooks.deliveryIds().size();
                System.out.println("webhook calls repeated after the kill -9 of an api instance: " + repeated);
                assertTrue(repeated <= WEBHOOK_CALLS_IN_FLIGHT, "repeats only for calls in flight at a kill -9: " + repeated);
                assertEquals(0, hooks.changedRepeats.get(), "a repeated call carries the same delivery");
                assertEquals(new HashSet<>(alertIds), new HashSet<>(hooks.articleIds()), "one delivery per alert");
                assertEquals(hooks.articleIds().size(), new HashSet<>(hooks.articleIds()).size(), "no alert delivered twice");


            }
        }
    }

    /** api-service's countersight.webhooks.concurrency default: calls in flight per replica. */
    private static final int WEBHOOK_CALLS_IN_FLIGHT = 8;

    /** Seconds from a kill until an article published after the kill is searchable in both api instances. */
    private double recoverySeconds(Map<String, Integer> storyOfArticle, long killAt) {
        Set<String> before = Set.copyOf(storyOfArticle.keySet());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (ServiceProcess api : apis) {
                Set<String> ids = markerIds(api);
                ids.removeAll(before);
                if (ids.isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        return seconds(killAt);
    }

    private static void awaitAlertsFrom(SseClient sse, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> sse.received.size() >= count);
    }

    private static List<String> articleIds(List<SseClient.Event> received, Map<String, Integer> storyOfArticle) {
        List<String> ids = new ArrayList<>();
        for (SseClient.Event e : received) {
            try {
                String id = articleIdIn(Json.MAPPER.readTree(e.data()));
                if (storyOfArticle.containsKey(id)) {
                    ids.add(id);
                }
            } catch (IOException notJson) {
                // not an alert
            }
        }
        return ids;
    }

    /** The alert's articleId, wherever the payload nests the alert (SSE item, webhook body). */
    static String articleIdIn(JsonNode payload) {
        JsonNode id = payload.findValue("articleId");
        return id == null ? "" : id.asText();
    }

    private static Set<Integer> alertedStories(List<SseClient.Event> received, Map<String, Integer> storyOfArticle) {
        Set<Integer> s = new HashSet<>();
        articleIds(received, storyOfArticle).forEach(id -> s.add(storyOfArticle.get(id)));
        return s;
    }

    private static Map<Integer, Integer> repeats(Map<Integer, Integer> perStory) {
        Map<Integer, Integer> r = new LinkedHashMap<>();
        perStory.forEach((k, v) -> {
            if (v != 1) {
                r.put(k, v);
            }
        });
        return r;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private long markerTotal(ServiceProcess api) throws Exception {
        return getJson(api, "/api/v1/articles?limit=1&q=" + MARKER).get("total").asLong();
    }

    private Set<String> markerIds(ServiceProcess api) {
        Set<String> ids = new HashSet<>();
        try {
            String cursor = null;
            do {
                JsonNode page = getJson(api, "/api/v1/articles?limit=500&q=" + MARKER + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("items").forEach(item -> ids.add(item.get("id").asText()));
                cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
        } catch (Exception e) {
            return new HashSet<>(); // the instance is restarting
        }
        return ids;
    }

    private static HttpResponse<String> post(ServiceProcess api, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(ServiceProcess api, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    /** A real HTTP server receiving webhook deliveries; it checks each signature and counts repeats. */
    static final class WebhookReceiver implements AutoCloseable {
        private final HttpServer server;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger badSignatures = new AtomicInteger();
        /** Repeats of a delivery id that carried another alert than the first call (a repeat must be the same). */
        final AtomicInteger changedRepeats = new AtomicInteger();
        private final Map<String, String> articleOfDelivery = new ConcurrentHashMap<>();
        private final List<String> articleIds = new CopyOnWriteArrayList<>();

        WebhookReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                requests.incrementAndGet();
                String signature = exchange.getRequestHeaders().getFirst("X-Countersight-Signature");
                if (!validSignature(signature, body)) {
                    badSignatures.incrementAndGet();
                }
                String delivery = String.valueOf(exchange.getRequestHeaders().getFirst("X-Countersight-Delivery"));
                String articleId = articleIdIn(Json.MAPPER.readTree(body));
                String first = articleOfDelivery.putIfAbsent(delivery, articleId);
                if (first == null) {
                    articleIds.add(articleId);
                } else if (!first.equals(articleId)) {
                    changedRepeats.incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        Set<String> deliveryIds() {
            return articleOfDelivery.keySet();
        }

        List<String> articleIds() {
            return articleIds;
        }

        /** t=<unix seconds>,v1=<hex HMAC-SHA256 of t + "." + body>, t within five minutes (older = a replay). */
        static boolean validSignature(String header, byte[] body) {
            if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
                return false;
            }
            long t = Long.parseLong(header.substring(2, header.indexOf(',')));
            if (Math.abs(System.currentTimeMillis() / 1000 - t) > 300) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
                return header.endsWith(",v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

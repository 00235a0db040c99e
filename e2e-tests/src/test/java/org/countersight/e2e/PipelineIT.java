package org.countersight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.countersight.events.ArticleIds;
import org.countersight.events.Json;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system as a user meets it: the three packaged services run as separate JVMs against a real
 * KRaft broker; a feed served by a local HTTP server goes in, alerts and search hits come out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {

    private static final String API_KEY = "e2e-test-key";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EmbeddedKafka kafka;
    private Path dataDir;
    private ServiceProcess api;
    private ServiceProcess ingest;
    private ServiceProcess nlp;

    @BeforeAll
    void startSystem() throws IOException {
        Path repoRoot = Path.of(System.getProperty("countersight.repo.root", "..")).toAbsolutePath().normalize();
        Path logDir = Files.createDirectories(repoRoot.resolve("e2e-tests/target/e2e-logs"));
        dataDir = Files.createTempDirectory("countersight-e2e-");
        kafka = EmbeddedKafka.start();

        Map<String, String> props = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
        // Short poll intervals so a test feed is re-read within seconds. Only ingest knows these keys:
        // Quarkus refuses unknown countersight.* properties at start-up.
        Map<String, String> ingestProps = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "countersight.poll.default-interval", "PT5S",
                "countersight.poll.min-interval", "PT1S");
        Map<String, String> env = Map.of(
                "COUNTERSIGHT_DATA", dataDir.toString(),
                "COUNTERSIGHT_API_KEYS", API_KEY,
                "COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS", "true",
                // these tests poll search far faster than a person; the per-client limits have tests of their own
                "COUNTERSIGHT_LIMITS_SEARCH_PER_MINUTE", "100000", "COUNTERSIGHT_LIMITS_SEARCH_BURST", "100000",
                "COUNTERSIGHT_LIMITS_STREAM_BURST", "1000", "COUNTERSIGHT_LIMITS_MAX_HIGHLIGHTED", "500");
        api = new ServiceProcess("api-service", repoRoot, logDir, "512m", props, env).start();
        ingest = new ServiceProcess("ingest-service", repoRoot, logDir, "384m", ingestProps, env).start();
        nlp = new ServiceProcess("nlp-service", repoRoot, logDir, "1g", props, env).start();
        api.awaitReady(READY_TIMEOUT);
        ingest.awaitReady(READY_TIMEOUT);
        nlp.awaitReady(READY_TIMEOUT);
    }

    @AfterAll
    void stopSystem() {
        for (ServiceProcess service : new ServiceProcess[] {ingest, nlp, api}) {
            if (service != null) {
                service.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void feedItemBecomesAlertOnSseAndSearchHitWithCategoryAndCountry() throws Exception {
        try (FeedServer feed = new FeedServer();
             SseClient sse = new SseClient(api.baseUrl() + "/api/v1/alerts/stream?country=KE")) {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            feed.add(new FeedServer.Item("nairobi-cameras", "Police switch on face-recognition cameras across Nairobi",
                    "NAIROBI — Kenya's National Police Service has switched on a network of facial recognition cameras "
                            + "at junctions and bus termini across Nairobi, matching passers-by against a watch list. "
                            + "Rights groups said the system was installed without any public consultation.",
                    now.minusMinutes(30)));
            feed.add(new FeedServer.Item("parcel-drones", "Parcel firm tests delivery drones for rural pharmacies",
                    "A logistics start-up began trial flights of delivery drones carrying medicine to rural pharmacies, "
                            + "saying the aircraft cut waiting times from days to hours.",
                    now.minusMinutes(20)));

            String body = "{\"url\":\"" + feed.feedUrl() + "\",\"name\":\"Local test wire\"}";
            assertEquals(401, post("/api/v1/sources", body, null).statusCode(), "POST without the API key");
            HttpResponse<String> created = post("/api/v1/sources", body, API_KEY);
            assertEquals(201, created.statusCode(), created.body());

            String eventId = ArticleIds.fromUrl(feed.articleUrl("nairobi-cameras"));
            String nonEventId = ArticleIds.fromUrl(feed.articleUrl("parcel-drones"));

            // The alert arrives on the live stream, routed by event country, within a minute of registering.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                    () -> sse.events.stream().anyMatch(e -> e.contains(eventId)));
            JsonNode alert = Json.MAPPER.readTree(sse.events.stream().filter(e -> e.contains(eventId)).findFirst().orElseThrow());
            assertTrue(texts(alert.get("categories")).containsAll(List.of("facial_recognition", "cctv")), alert.toString());
            assertTrue(texts(alert.get("countries")).contains("KE"), alert.toString());

            // The search finds it with the right category and event country (the index shows new articles within
            // about a second; the alert does not wait for it, so neither does a reader who follows the alert at once).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Set<String> ids = new HashSet<>();
                getJson("/api/v1/articles?country=KE&category=facial_recognition").get("items")
                        .forEach(item -> ids.add(item.get("id").asText()));
                return ids.contains(eventId);
            });

            JsonNode article = getJson("/api/v1/articles/" + eventId);
            assertTrue(article.get("surveillance").asBoolean());
            boolean keAsEventCountry = false;
            for (JsonNode country : article.get("countries")) {
                keAsEventCountry |= "KE".equals(country.get("code").asText()) && "event".equals(country.get("role").asText());
            }
            assertTrue(keAsEventCountry, article.get("countries").toString());
            JsonNode firstEvent = article.get("events").get(0);
            String text = article.get("text").asText();
            assertEquals(firstEvent.get("sentence").asText(),
                    text.substring(firstEvent.get("start").asInt(), firstEvent.get("end").asInt()), "evidence offsets");

            // The delivery-drone story is indexed too, but is not an event and raised no alert.
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/articles/" + nonEventId).statusCode() == 200);
            assertFalse(getJson("/api/v1/articles/" + nonEventId).get("surveillance").asBoolean());
            assertTrue(sse.events.stream().noneMatch(e -> e.contains(nonEventId)));
        }
    }

    @Test
    void killingNlpServiceMidFlowLosesNoArticle() throws Exception {
        int count = 300;
        String marker = "Quillbrook";
        try (FeedServer feed = new FeedServer()) {
            ZonedDateTime base = ZonedDateTime.now(ZoneOffset.UTC).minusDays(10); // old: no alert flood
            for (int i = 0; i < count; i++) {
                feed.add(new FeedServer.Item("bulk-" + i, "Council bulletin number " + i + " from " + marker,
                        "The " + marker + " town council met on day " + i + " to discuss road repairs, library opening "
                                + "hours and the budget for the summer festival. Councillor number " + i
                                + " asked for a report on bus timetables before the next meeting, and residents "
                                + "were invited to comment on plans for a new footbridge over the river.",
                        base.plusMinutes(i)));
            }
            HttpResponse<String> created = post("/api/v1/sources",
                    "{\"url\":\"" + feed.feedUrl() + "\",\"name\":\"Bulk bulletins\"}", API_KEY);
            assertEquals(201, created.statusCode(), created.body());

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> indexed(marker) > 0);
            nlp.kill9();
            long atKill = indexed(marker);
            System.out.printf("nlp-service killed with %d of %d articles indexed%n", atKill, count);
            assertTrue(atKill < count, "the kill must land mid-flow, but all " + atKill + " were already indexed");

            nlp.start().awaitReady(READY_TIMEOUT);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> indexed(marker) >= count);
            ServiceProcess.sleep(3000); // let any redelivered duplicates land before counting
            assertEquals(count, indexed(marker), "every article exactly once");
        }
    }

    private long indexed(String query) throws Exception {
        return getJson("/api/v1/articles?limit=1&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).get("total").asLong();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.isTextual() ? node.asText() : node.path("code").asText(node.toString())));
        return values;
    }

    private HttpResponse<String> post(String path, String json, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + " -> " + response.body());
        return Json.MAPPER.readTree(response.body());
    }
}

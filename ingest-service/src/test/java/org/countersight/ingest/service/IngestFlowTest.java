package org.countersight.ingest.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.ArticleIds;
import org.countersight.events.Headers;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.countersight.testsupport.EmbeddedKafka;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service over a real in-JVM Kafka broker and a real local HTTP server: sources in, articles out once,
 * statuses with clear reasons, bad sources (404, HTML, a timeout, a DTD)
 * never stopping good ones.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class IngestFlowTest {

    EmbeddedKafka kafka;

    static TestFeeds feeds;

    @BeforeAll
    static void startFeeds() throws Exception {
        feeds = new TestFeeds();
    }

    @AfterAll
    static void stopFeeds() {
        feeds.close();
    }

    private static final TestFeeds.Item CAMERAS = new TestFeeds.Item("Cameras go up in the old town",
            "https://news.example.org/2026/cameras?utm_source=feed", "Forty cameras were mounted on Tuesday.");
    private static final TestFeeds.Item BUDGET = new TestFeeds.Item("City budget passes",
            "https://news.example.org/2026/budget", "The budget passed without debate.");
    private static final TestFeeds.Item DRONES = new TestFeeds.Item("Police drones over the march",
            "https://news.example.org/2026/drones", "Two drones followed the protest.");

    @Test
    void sourcesBecomeArticlesOnceAndBadSourcesCarryTheirReason() throws Exception {
        RestAssured.get("/q/health/live").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                RestAssured.get("/q/health/ready").then().statusCode(200).body(containsString("ingest")));

        feeds.setItems("/good.xml", List.of(CAMERAS, BUDGET));
        Source good = KafkaTestClients.source(feeds.url("/good.xml"), "Good News");
        Source missing = KafkaTestClients.source(feeds.url("/missing.xml"), "Gone");
        Source html = KafkaTestClients.source(feeds.url("/html"), "A homepage");
        Source dtd = KafkaTestClients.source(feeds.url("/dtd"), "Entity trouble");
        Source slow = KafkaTestClients.source(feeds.url("/slow"), "Never answers in time");

        try (KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers())) {
            clients.publishRaw(Topics.SOURCES, "junk", "{not json".getBytes(StandardCharsets.UTF_8));
            clients.publish(missing);
            clients.publish(html);
            clients.publish(dtd);
            clients.publish(slow);
            clients.publish(good);

            // 1. both items arrive on articles.raw, keyed by articleId, with the wire headers
            await().atMost(Duration.ofSeconds(30)).until(() -> articles(clients).size() == 2);
            Map<String, RawArticle> byId = articles(clients);
            // the feed (127.0.0.1) links to another site: the id is the canonical URL's, scoped to the source
            String camerasId = ArticleIds.fromSourceAndUrl(good.id(), "https://news.example.org/2026/cameras");
            RawArticle cameras = byId.get(camerasId);
            assertNotNull(cameras, "keyed by the articleId of the source and the canonical URL");
            assertEquals("Cameras go up in the old town", cameras.title());
            assertEquals("https://news.example.org/2026/cameras", cameras.url());
            assertEquals(good.id(), cameras.sourceId());
            assertEquals("Good News", cameras.sourceName());
            assertEquals("en", cameras.language());
            assertEquals(camerasId, cameras.storyId());
            ConsumerRecord<String, byte[]> record = clients.readAll(Topics.ARTICLES_RAW).get(0);
            assertEquals("RawArticle", new String(record.headers().lastHeader(Headers.EVENT_TYPE).value(), StandardCharsets.UTF_8));
            assertNotNull(record.headers().lastHeader(Headers.EVENT_ID));
            assertEquals("1", new String(record.headers().lastHeader(Headers.SCHEMA_VERSION).value(), StandardCharsets.UTF_8));

            // 2. re-polls (conditional, then 304) send nothing new
            long before = feeds.requestsTo("/good.xml");
            await().atMost(Duration.ofSeconds(20)).until(() -> feeds.requestsTo("/good.xml") >= before + 2);
            assertTrue(feeds.requests.stream().anyMatch(r -> r.path().equals("/good.xml") && r.status() == 304),
                    "the re-poll was a conditional GET answered 304");
            assertEquals(2, clients.readAll(Topics.ARTICLES_RAW).size(), "nothing re-sent");

            // 3. a new item is sent, and only it
            feeds.setItems("/good.xml", List.of(DRONES, CAMERAS, BUDGET));
            await().atMost(Duration.ofSeconds(20)).until(() -> clients.readAll(Topics.ARTICLES_RAW).size() == 3);
            assertEquals("Police drones over the march", articles(clients).get(ArticleIds.fromSourceAndUrl(good.id(), DRONES.link())).title());
            long afterNew = feeds.requestsTo("/good.xml");
            await().atMost(Duration.ofSeconds(20)).until(() -> feeds.requestsTo("/good.xml") >= afterNew + 2);
            assertEquals(3, clients.readAll(Topics.ARTICLES_RAW).size(), "still each article once");

            // 4. the good source's status, and each bad source's own reason
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, SourceStatus> statuses = statuses(clients);
                SourceStatus ok = statuses.get(good.id());
                assertNotNull(ok);
                assertTrue(ok.state() == SourceStatus.State.OK || ok.state() == SourceStatus.State.NOT_MODIFIED, ok.toString());
                assertEquals(3, ok.itemsTotal());
                assertEquals(0, ok.consecutiveFailures());
                assertNotNull(ok.etag());
                assertNotNull(ok.lastSuccessAt());
                assertNotNull(ok.nextPollAt());

                SourceStatus notFound = statuses.get(missing.id());
                assertEquals(SourceStatus.State.PAUSED, notFound.state(), "paused after 3 failures");
                assertEquals(404, notFound.httpStatus());
                assertEquals("HTTP 404 Not Found (paused after 3 consecutive failures)", notFound.error());
                assertEquals(3, notFound.consecutiveFailures());

                assertTrue(statuses.get(html.id()).error().startsWith("response is HTML, not a feed"), statuses.get(html.id()).error());
                assertTrue(statuses.get(dtd.id()).error().startsWith("feed declares a DTD; DTDs are refused for safety"),
                        statuses.get(dtd.id()).error());
                SourceStatus timedOut = statuses.get(slow.id());
                assertNotNull(timedOut, "the slow source has a status");
                assertTrue(timedOut.error().startsWith("timed out after 3 s"), timedOut.error());
                assertEquals(null, timedOut.httpStatus());
            });

            // a paused source is not polled any more
            long missingRequests = feeds.requestsTo("/missing.xml");
            assertEquals(3, missingRequests);

            // the junk record went to the dead-letter topic with its reason
            List<ConsumerRecord<String, byte[]>> dlq = clients.readAll(Topics.SOURCES + Topics.DLQ_SUFFIX);
            assertEquals(1, dlq.size());
            assertTrue(new String(dlq.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                    .startsWith("not a valid Source"));

            // 5. metrics and diagnostics
            RestAssured.get("/q/metrics").then().statusCode(200)
                    .body(containsString("countersight_ingest_articles_sent_total 3.0"))
                    .body(containsString("countersight_ingest_fetches_total{outcome=\"not_modified\"}"))
                    .body(containsString("countersight_ingest_fetches_total{outcome=\"parse_error\"}"));
            RestAssured.get("/ingest/sources").then().statusCode(200).body(containsString(good.id()));
            RestAssured.given().header("Authorization", "Bearer test-key-1").post("/ingest/sources/nope/poll")
                    .then().statusCode(404);
            // operator actions need the API key: without one, or with a wrong one, 401 problem+json and nothing done
            long beforeAnonymous = feeds.requestsTo("/good.xml");
            RestAssured.given().post("/ingest/sources/" + good.id() + "/poll").then().statusCode(401)
                    .contentType("application/problem+json").body("detail", containsString("Authorization: Bearer"));
            RestAssured.given().header("Authorization", "Bearer wrong").post("/ingest/sources/" + good.id() + "/resume")
                    .then().statusCode(401).contentType("application/problem+json");
            RestAssured.given().header("Authorization", "Bearer test-key-1").post("/ingest/sources/" + good.id() + "/poll")
                    .then().statusCode(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> feeds.requestsTo("/good.xml") > beforeAnonymous);

            // 6. a tombstone removes the source: polling stops
            clients.publishRaw(Topics.SOURCES, good.id(), null);
            Thread.sleep(1500); // let an in-flight poll finish
            long afterDelete = feeds.requestsTo("/good.xml");
            Thread.sleep(4000); // two default intervals
            assertEquals(afterDelete, feeds.requestsTo("/good.xml"), "a deleted source is not polled");
            assertFalse(statusesIncludingTombstones(clients).get(good.id()), "its status was tombstoned");
        }
        assertEquals(3, feeds.requestsTo("/missing.xml"), "still paused");
    }

    private static Map<String, RawArticle> articles(KafkaTestClients clients) {
        Map<String, RawArticle> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : clients.readAll(Topics.ARTICLES_RAW)) {
            out.put(r.key(), Json.read(r.value(), RawArticle.class));
        }
        return out;
    }

    private static Map<String, SourceStatus> statuses(KafkaTestClients clients) {
        Map<String, SourceStatus> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : clients.readAll(Topics.SOURCES_STATUS)) {
            if (r.value() != null) {
                out.put(r.key(), Json.read(r.value(), SourceStatus.class));
            }
        }
        return out;
    }

    /** key -> whether its latest record has a value. */
    private static Map<String, Boolean> statusesIncludingTombstones(KafkaTestClients clients) {
        return clients.readAll(Topics.SOURCES_STATUS).stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r.value() != null, (a, b) -> b));
    }
}

package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage per country and the silence signal over the in-JVM broker: sources of three countries on their own
 * loopback hosts, their health as ingest-service writes it to {@code sources.status}, articles through the index.
 * One source down raises nothing; a whole country failing at network level raises one signal on SSE and Atom, then a
 * recovery note; every country failing at once raises nothing and turns the connectivity check DOWN.
 * (e2e-tests SilenceIT runs the same with the packaged ingest-service polling real loopback servers.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(CoverageSignalTest.FastSignal.class)
class CoverageSignalTest {

    /** Evaluations every 300 ms, a silence must last 1 s; its own index and broker. */
    public static class FastSignal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "countersight.coverage.signal.evaluate-every", "300ms",
                    "countersight.coverage.signal.hold", "1s",
                    "countersight.coverage.refresh", "500ms",
                    "countersight.index.dir", "target/test-data/api-coverage/index");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/api/v1/alerts/stream")
    URL streamUrl;

    Client client;
    SseEventSource stream;
    final List<Alert> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        Fixtures.awaitReady();
        client = ClientBuilder.newClient();
        stream = SseEventSource.target(client.target(streamUrl.toString() + "?category=internet_shutdown"))
                .reconnectingEvery(60, TimeUnit.SECONDS).build();
        stream.register((InboundSseEvent e) -> {
            if ("alert".equals(e.getName())) {
                received.add(Json.read(e.readData().getBytes(StandardCharsets.UTF_8), Alert.class));
            }
        });
        stream.open();
    }

    @AfterEach
    void tearDown() {
        stream.close();
        client.close();
    }

    record Feed(String country, String id, String url) {
    }

    private static List<Feed> register(String country, int firstHost, int count) {
        List<Feed> feeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = "http://127.0.0." + (firstHost + i) + ":8081/" + country.toLowerCase() + "/feed.xml";
            String id = Source.idFor(url);
            Fixtures.send(Topics.SOURCES, id, new Source(Source.SCHEMA_VERSION, id, url, country + " Daily " + (i + 1), country,
                    "en", 15, Instant.now().minus(60, ChronoUnit.DAYS)));
            feeds.add(new Feed(country, id, url));
        }
        return feeds;
    }

    private static SourceStatus ok(Feed f) {
        Instant now = Instant.now();
        return new SourceStatus(SourceStatus.SCHEMA_VERSION, f.id(), f.url(), SourceStatus.State.OK, now, now, 200, null, 5, 0,
                40, 0, now.plusSeconds(900), null, null, null);
    }

    private static SourceStatus refused(Feed f) {
        Instant now = Instant.now();
        String host = f.url().substring("http://".length(), f.url().indexOf(":8081"));
        return new SourceStatus(SourceStatus.SCHEMA_VERSION, f.id(), f.url(), SourceStatus.State.ERROR, now,
                now.minusSeconds(600), null, "connection refused by " + host + ":8081", 0, 0, 40, 2, now.plusSeconds(300),
                null, null, SourceStatus.Failure.CONNECTION_REFUSED);
    }

    /** Statuses written by one producer in one go, as a poll round of ingest-service would write them. */
    private static void statuses(List<Feed> feeds, java.util.function.Function<Feed, SourceStatus> status) {
        try (var p = Fixtures.producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (Feed f : feeds) {
                sent.add(p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.SOURCES_STATUS, f.id(),
                        Json.write(status.apply(f)))));
            }
            for (var f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath country(String cc) {
        return given().get("/api/v1/coverage/" + cc).then().statusCode(200).extract().jsonPath();
    }

    private List<Alert> signals(String cc) {
        return received.stream().filter(a -> a.silenceSignal() && a.countries().contains(cc)).toList();
    }

    @Test
    void aCountryGoingSilentRaisesOneSignalAndARecoveryButOneSourceOrEveryCountryDoesNot() {
        List<Feed> ke = register("KE", 11, 4);
        List<Feed> ug = register("UG", 21, 3);
        List<Feed> tz = register("TZ", 31, 3);
        List<Feed> all = new ArrayList<>(ke);
        all.addAll(ug);
        all.addAll(tz);
        statuses(all, CoverageSignalTest::ok);
        await().atMost(WAIT).until(() -> country("KE").getInt("sources.active") == 4 && country("TZ").getInt("sources.active") == 3);

        // one source down: counted as failing at network level, nothing raised
        statuses(ke.subList(0, 1), CoverageSignalTest::refused);
        await().atMost(WAIT).until(() -> country("KE").getInt("failingByReason.network") == 1);
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> signals("KE").isEmpty()
                && "none".equals(country("KE").getString("signal.state")));

        // the whole country stops answering: one signal, on SSE and Atom, with its evidence
        Instant silent = Instant.now();
        statuses(ke, CoverageSignalTest::refused);
        await().atMost(WAIT).until(() -> !signals("KE").isEmpty());
        Duration toSignal = Duration.between(silent, Instant.now());
        System.out.printf("silence to signal over the in-JVM broker: %d ms (hold 1 s, evaluation every 300 ms)%n", toSignal.toMillis());
        Alert signal = signals("KE").get(0);
        assertEquals(Alert.KIND_SIGNAL, signal.kind());
        assertEquals(Boolean.TRUE, signal.inferred());
        assertEquals(List.of(Alert.CATEGORY_INTERNET_SHUTDOWN), signal.categories());
        assertEquals(Alert.Signal.RAISED, signal.signal().phase());
        assertEquals(4, signal.signal().silentHosts());
        assertEquals(4, signal.signal().evidence().size());
        assertTrue(signal.signal().evidence().stream().allMatch(e -> "CONNECTION_REFUSED".equals(e.failure()) && "network".equals(e.silence())),
                signal.signal().evidence().toString());
        assertTrue(signal.confidence() > 0.5 && signal.confidence() <= 1, "confidence " + signal.confidence());
        assertTrue(signal.title().contains("Kenya"), signal.title());
        assertEquals("raised", country("KE").getString("signal.state"));
        given().get("/feeds/alerts.atom?category=internet_shutdown").then().statusCode(200)
                .body(containsString("urn:countersight:alert:" + signal.articleId())).body(containsString("Kenya"))
                .body(containsString("Inferred"));
        // one per episode: the silence goes on, nothing more is raised
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> signals("KE").size() == 1);
        assertTrue(signals("UG").isEmpty() && signals("TZ").isEmpty());

        // the sources come back: a recovery note of the same episode
        statuses(ke, CoverageSignalTest::ok);
        await().atMost(WAIT).until(() -> signals("KE").size() == 2);
        Alert recovery = signals("KE").get(1);
        assertEquals(Alert.Signal.RECOVERED, recovery.signal().phase());
        assertEquals(signal.signal().episodeId(), recovery.signal().episodeId());
        assertEquals("recovered", country("KE").getString("signal.state"));

        // every country failing at once is the monitor's own network: no signal, a connectivity warning
        statuses(all, CoverageSignalTest::refused);
        await().atMost(WAIT).until(() -> given().get("/q/health/well").statusCode() == 503);
        given().get("/q/health/well").then().body("checks.find { it.name == 'source-connectivity' }.data.warning",
                containsString("monitor's own connectivity"));
        given().get("/api/v1/coverage").then().statusCode(200).body("monitor.connectivity", equalTo("suspect"));
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> signals("KE").size() == 2
                && signals("UG").isEmpty() && signals("TZ").isEmpty());
        statuses(all, CoverageSignalTest::ok);
        await().atMost(WAIT).until(() -> given().get("/q/health/well").statusCode() == 200);
    }

    @Test
    void coverageCountsArticlesAgainstTheBaselineForThatHourOfTheWeek() {
        // GH: one source publishing every afternoon hour for weeks that stopped now (quiet), one whose usual dip this is
        String quietUrl = "http://127.0.0.41:8081/gh/feed.xml";
        String dipUrl = "http://127.0.0.42:8081/gh/feed.xml";
        String quiet = Source.idFor(quietUrl);
        String dip = Source.idFor(dipUrl);
        Instant created = Instant.now().minus(40, ChronoUnit.DAYS);
        Fixtures.send(Topics.SOURCES, quiet, new Source(1, quiet, quietUrl, "Accra Evening", "GH", "en", 15, created));
        Fixtures.send(Topics.SOURCES, dip, new Source(1, dip, dipUrl, "Accra Morning", "GH", "en", 15, created));
        Instant now = Instant.now();
        List<TaggedArticle> articles = new ArrayList<>();
        for (int week = 1; week <= 4; week++) {
            Instant sameTime = now.minus(7L * week, ChronoUnit.DAYS);
            for (int i = 0; i < 6; i++) { // six articles in the same three hours of each past week
                articles.add(article(quiet, quietUrl, "quiet-" + week + "-" + i, sameTime.minus(20 + i * 25, ChronoUnit.MINUTES)));
            }
            // the other source publishes half a day away from this hour of the week
            for (int i = 0; i < 6; i++) {
                articles.add(article(dip, dipUrl, "dip-" + week + "-" + i, sameTime.minus(12, ChronoUnit.HOURS).minus(i * 10, ChronoUnit.MINUTES)));
            }
        }
        articles.add(article(dip, dipUrl, "dip-recent", now.minus(30, ChronoUnit.MINUTES)));
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, articles);
        Fixtures.send(Topics.SOURCES_STATUS, quiet, new SourceStatus(1, quiet, quietUrl, SourceStatus.State.NOT_MODIFIED, now, now,
                304, null, 0, 0, 24, 0, now.plusSeconds(900), null, null, null));
        Fixtures.send(Topics.SOURCES_STATUS, dip, new SourceStatus(1, dip, dipUrl, SourceStatus.State.OK, now, now,
                200, null, 1, 1, 25, 0, now.plusSeconds(900), null, null, null));

        await().atMost(WAIT).until(() -> country("GH").getInt("articles.last24Hours") == 1);
        JsonPath gh = country("GH");
        assertEquals(2, gh.getInt("sources.registered"));
        assertEquals(1, gh.getInt("articles.lastHour"));
        assertTrue(gh.getDouble("articles.baseline24Hours") >= 11.5, gh.prettify());
        assertEquals("quiet", gh.getString("sourceList.find { it.id == '" + quiet + "' }.silence"), gh.prettify());
        assertEquals("healthy", gh.getString("sourceList.find { it.id == '" + dip + "' }.silence"), gh.prettify());
        assertEquals(6.0, gh.getDouble("sourceList.find { it.id == '" + quiet + "' }.baseline24Hours"), gh.prettify());
        assertTrue(gh.getString("lastArticleAt") != null);

        // a subscription to signals of GH shows the coverage of its countries in its detail
        String body = "{\"url\":\"https://198.51.100.9/hooks/cs\",\"countries\":[\"GH\",\"NE\"],"
                + "\"categories\":[\"internet_shutdown\"],\"secret\":\"a-long-enough-shared-secret-1234\"}";
        String id = given().contentType("application/json").header("Authorization", "Bearer test-key-1").body(body)
                .post("/api/v1/subscriptions").then().statusCode(201).extract().path("id");
        given().header("Authorization", "Bearer test-key-1").get("/api/v1/subscriptions/" + id).then().statusCode(200)
                .body("coverage.country", equalTo(List.of("GH", "NE")))
                .body("coverage[0].sources.registered", equalTo(2))
                .body("coverage[1].sources.registered", equalTo(0));
    }

    @Test
    void badCountryCodesAndSortsAreProblems() {
        given().get("/api/v1/coverage/XX").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ISO 3166-1 alpha-2"));
        given().get("/api/v1/coverage/kenya").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("sort", "bogus").get("/api/v1/coverage").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("-failing"));
        given().get("/api/v1/coverage/CH").then().statusCode(200).body("sources.registered", equalTo(0))
                .body("signal.state", equalTo("none"));
        given().queryParam("sort", "-sources").get("/api/v1/coverage").then().statusCode(200);
    }

    @Test
    void theAllCountryAnswerIsJsonWithAnETagThatAnswersNotModified() {
        given().queryParam("sort", "-sources").get("/api/v1/coverage").then().statusCode(200)
                .contentType("application/json").body("monitor.connectivity", org.hamcrest.Matchers.notNullValue());
        // the tag changes with the content (volumes re-read every 500 ms here): a conditional GET soon meets an unchanged one
        await().atMost(WAIT).until(() -> {
            String tag = given().queryParam("sort", "country").get("/api/v1/coverage").then().statusCode(200).extract().header("ETag");
            return tag != null && given().queryParam("sort", "country").header("If-None-Match", tag).get("/api/v1/coverage")
                    .statusCode() == 304;
        });
    }

    private static TaggedArticle article(String sourceId, String feedUrl, String slug, Instant published) {
        TaggedArticle a = Fixtures.article(feedUrl.replace("feed.xml", slug), "Bulletin " + slug, "Council notes " + slug,
                published, List.of(), List.of());
        return new TaggedArticle(a.schemaVersion(), a.id(), a.url(), sourceId, "GH source", a.storyId(), a.title(), a.summary(),
                a.text(), a.language(), a.publishedAt(), a.fetchedAt(), a.taggedAt(), a.surveillance(), a.relevance(),
                a.truncated(), a.entities(), a.countries(), a.vendors(), a.events(), a.versions());
    }
}

package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source registry writes to the real sources topic, checks keys and URLs, and shows health from sources.status. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SourcesApiTest {

    static final String KEY = "Bearer test-key-2";

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    /**
     * An address written as an IP literal, so the test does not depend on DNS: TEST-NET-2, which routes nowhere and is
     * opened for tests only ({@code %test.countersight.fetch.allowed-networks}); everywhere else it is refused.
     */
    static String publicUrl() {
        return "http://198.51.100.7/feeds/" + UUID.randomUUID() + ".xml";
    }

    @Test
    void refusesChangesWithoutAValidKey() {
        String body = "{\"url\":\"" + publicUrl() + "\"}";
        given().contentType("application/json").body(body).post("/api/v1/sources")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("Authorization: Bearer"));
        given().contentType("application/json").header("Authorization", "Bearer wrong").body(body).post("/api/v1/sources")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().contentType("application/json").header("Authorization", "Basic dGVzdDp0ZXN0").body(body).post("/api/v1/sources")
                .then().statusCode(401);
        given().delete("/api/v1/sources/0123456789abcdef").then().statusCode(401);
    }

    @Test
    void createsListsAndDeletesASource() {
        String url = publicUrl();
        String id = Source.idFor(url);
        given().contentType("application/json").header("Authorization", KEY)
                .body("{\"url\":\"" + url + "\",\"name\":\"Example wire\",\"country\":\"kh\",\"language\":\"EN\",\"pollIntervalMinutes\":15}")
                .post("/api/v1/sources")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/sources/" + id))
                .body("id", equalTo(id)).body("url", equalTo(url)).body("country", equalTo("KH"))
                .body("language", equalTo("en")).body("health", equalTo("PENDING"));

        // the record is on the compacted topic, keyed by the source id
        List<ConsumerRecord<String, byte[]>> records = Fixtures.readAll(Topics.SOURCES);
        ConsumerRecord<String, byte[]> rec = records.stream().filter(r -> id.equals(r.key())).reduce((a, b) -> b).orElseThrow();
        Source written = Json.read(rec.value(), Source.class);
        assertEquals(url, written.url());
        assertEquals("Example wire", written.name());
        assertEquals("Source", new String(rec.headers().lastHeader("eventType").value(), StandardCharsets.UTF_8));

        given().get("/api/v1/sources").then().statusCode(200).body("id", hasItem(id));

        // duplicate URL (same feed, different spelling) -> 409 naming the existing source
        given().contentType("application/json").header("Authorization", KEY)
                .body("{\"url\":\"" + url.replace("http://", "HTTP://") + "#top\"}").post("/api/v1/sources")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(id)).body("existing.id", equalTo(id));

        // health comes from sources.status written by ingest-service
        SourceStatus status = new SourceStatus(SourceStatus.SCHEMA_VERSION, id, url, SourceStatus.State.OK, Instant.now(),
                Instant.now(), 200, null, 12, 3, 40, 0, Instant.now().plusSeconds(900), null, null);
        Fixtures.send(Topics.SOURCES_STATUS, id, status);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "OK".equals(given().get("/api/v1/sources/" + id).jsonPath().getString("health")));
        given().get("/api/v1/sources/" + id).then().body("status.itemsSeen", equalTo(12)).body("status.httpStatus", equalTo(200));

        given().header("Authorization", KEY).delete("/api/v1/sources/" + id).then().statusCode(204);
        given().get("/api/v1/sources/" + id).then().statusCode(404).contentType("application/problem+json");
        List<ConsumerRecord<String, byte[]>> after = Fixtures.readAll(Topics.SOURCES);
        ConsumerRecord<String, byte[]> last = after.stream().filter(r -> id.equals(r.key())).reduce((a, b) -> b).orElseThrow();
        assertNull(last.value(), "a tombstone was written");
        given().header("Authorization", KEY).delete("/api/v1/sources/" + id).then().statusCode(404);
    }

    @Test
    void refusesUnsafeOrInvalidUrls() {
        for (String url : List.of("http://127.0.0.1:8080/feed", "http://10.1.2.3/rss", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/feed", "http://192.168.0.10/feed")) {
            given().contentType("application/json").header("Authorization", KEY).body("{\"url\":\"" + url + "\"}")
                    .post("/api/v1/sources")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS"));
        }
        // a name that resolves to an internal address: the answer names the kind of network, never the address
        given().contentType("application/json").header("Authorization", KEY).body("{\"url\":\"http://localhost:8080/feed\"}")
                .post("/api/v1/sources")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("address not allowed (loopback)"))
                .body("detail", not(containsString("127.0.0.1"))).body("detail", not(containsString("0:0:0:0:0:0:0:1")));
        for (String url : List.of("http://203.0.113.7/feed", "http://192.0.2.1/feed", "http://198.18.5.5/feed",
                "http://[2002:a00:1::1]/feed", "http://[::127.0.0.1]/feed")) {
            given().contentType("application/json").header("Authorization", KEY).body("{\"url\":\"" + url + "\"}")
                    .post("/api/v1/sources").then().statusCode(400).body("detail", containsString("address not allowed"));
        }
        for (String body : List.of("{\"url\":\"ftp://198.51.100.7/feed\"}", "{\"url\":\"not a url\"}", "{}", "not json",
                "[]", "{\"url\":\"" + publicUrl() + "\",\"country\":\"ZZ\"}",
                "{\"url\":\"" + publicUrl() + "\",\"pollIntervalMinutes\":0}",
                "{\"url\":\"" + publicUrl() + "\",\"pollIntervalMinutes\":\"often\"}")) {
            given().contentType("application/json").header("Authorization", KEY).body(body).post("/api/v1/sources")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertTrue(Fixtures.readAll(Topics.SOURCES).stream().noneMatch(r -> r.value() != null
                && new String(r.value(), StandardCharsets.UTF_8).contains("127.0.0.1")));
    }
}

package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription registry: API key, owners, audit, validation, SSRF checks, the compacted topic, secrets never shown. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SubscriptionsApiTest {

    static final String KEY = "Bearer test-key-2";
    static final String OTHER = "Bearer test-key-1";
    static final String SECRET = "a-long-enough-shared-secret";

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @Test
    void createListGetDelete() {
        String body = "{\"url\":\"https://198.51.100.9/hooks/cs\",\"countries\":[\"kh\",\"VN\"],\"categories\":\"drones\","
                + "\"minConfidence\":0.7,\"secret\":\"" + SECRET + "\"}";
        given().contentType("application/json").body(body).post("/api/v1/subscriptions").then().statusCode(401)
                .contentType("application/problem+json");
        String id = given().contentType("application/json").header("Authorization", KEY).body(body)
                .post("/api/v1/subscriptions")
                .then().statusCode(201).header("Location", containsString("/api/v1/subscriptions/"))
                .body("countries", equalTo(List.of("KH", "VN"))).body("categories", equalTo(List.of("drones")))
                .body("minConfidence", equalTo(0.7f)).body("url", equalTo("https://198.51.100.9/hooks/cs"))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")))
                .extract().path("id");
        given().get("/api/v1/subscriptions").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/v1/subscriptions/" + id).then().statusCode(401).contentType("application/problem+json");
        String list = given().header("Authorization", KEY).get("/api/v1/subscriptions").then().statusCode(200)
                .body("id", hasItem(id)).extract().asString();
        assertFalse(list.contains(SECRET));
        String one = given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).then().statusCode(200)
                .body("deliveries.size()", equalTo(0)).extract().asString();
        assertFalse(one.contains(SECRET));

        ConsumerRecord<String, byte[]> rec = Fixtures.readAll(Topics.SUBSCRIPTIONS).stream()
                .filter(r -> id.equals(r.key())).reduce((a, b) -> b).orElseThrow();
        assertTrue(new String(rec.value()).contains(SECRET), "the secret is kept on the topic to sign deliveries");

        given().delete("/api/v1/subscriptions/" + id).then().statusCode(401);
        given().header("Authorization", KEY).delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", KEY).delete("/api/v1/subscriptions/" + id).then().statusCode(404);
        ConsumerRecord<String, byte[]> last = Fixtures.readAll(Topics.SUBSCRIPTIONS).stream()
                .filter(r -> id.equals(r.key())).reduce((a, b) -> b).orElseThrow();
        assertNull(last.value(), "a tombstone was written");
    }

    @Test
    void plainHttpSubscriberUrlsAreRefusedOutsideTheDemo() {
        given().contentType("application/json").header("Authorization", KEY)
                .body("{\"url\":\"http://198.51.100.9/hooks/cs\",\"secret\":\"" + SECRET + "\"}").post("/api/v1/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", containsString("insecure-url")).body("parameter", equalTo("url"))
                .body("detail", containsString("only https subscriber URLs are accepted"))
                .body("detail", containsString("COUNTERSIGHT_WEBHOOKS_ALLOW_HTTP"));
    }

    @Test
    void refusesUnsafeUrlsAndBadBodies() {
        for (String url : List.of("http://127.0.0.1:9/hook", "http://10.0.0.5/hook", "http://169.254.169.254/latest",
                "http://[::ffff:192.168.1.1]/x", "file:///etc/passwd", "gopher://198.51.100.9/",
                "https://203.0.113.5/hook", "https://198.18.0.1/hook", "https://[64:ff9b::a00:5]/hook", "https://localhost/hook")) {
            given().contentType("application/json").header("Authorization", KEY)
                    .body("{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}").post("/api/v1/subscriptions")
                    .then().statusCode(400).contentType("application/problem+json").body("parameter", equalTo("url"));
        }
        for (String body : List.of("", "{}", "[]", "nope", "{\"url\":\"https://198.51.100.9/h\"}",
                "{\"url\":\"https://198.51.100.9/h\",\"secret\":\"short\"}",
                "{\"url\":\"https://198.51.100.9/h\",\"secret\":\"" + SECRET + "\",\"countries\":[\"XX\"]}",
                "{\"url\":\"https://198.51.100.9/h\",\"secret\":\"" + SECRET + "\",\"categories\":[\"weather\"]}",
                "{\"url\":\"https://198.51.100.9/h\",\"secret\":\"" + SECRET + "\",\"minConfidence\":1.5}",
                "{\"url\":\"https://198.51.100.9/h\",\"secret\":\"" + SECRET + "\",\"minConfidence\":\"high\"}",
                "{\"url\":\"https://198.51.100.9/h\",\"secret\":\"" + SECRET + "\",\"countries\":{\"a\":1}}")) {
            given().contentType("application/json").header("Authorization", KEY).body(body).post("/api/v1/subscriptions")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().header("Authorization", KEY).get("/api/v1/subscriptions/NOT-AN-ID").then().statusCode(400);
        given().header("Authorization", KEY).get("/api/v1/subscriptions/0123456789abcdef").then().statusCode(404);
    }

    /** Log records of the audit category, captured in this JVM (the test runs inside the service's JVM). */
    static final class Captured extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            Object[] p = r.getParameters();
            lines.add(p == null ? r.getMessage() : String.format(r.getMessage(), p));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anotherKeyCannotSeeReadOrDeleteASubscriptionAndEveryChangeIsAudited() {
        Logger audit = Logger.getLogger("org.countersight.api.audit");
        Captured captured = new Captured();
        audit.addHandler(captured);
        try {
            String body = "{\"url\":\"https://198.51.100.10/hooks/mine\",\"secret\":\"" + SECRET + "\"}";
            String id = given().contentType("application/json").header("Authorization", KEY).body(body)
                    .post("/api/v1/subscriptions").then().statusCode(201).extract().path("id");
            String owner = given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).then().statusCode(200)
                    .extract().path("owner");
            assertTrue(owner.matches("key-[0-9a-f]{12}"), owner);
            assertFalse(owner.contains("test-key"), "the key itself is never shown");

            given().header("Authorization", OTHER).get("/api/v1/subscriptions").then().statusCode(200)
                    .body("id", not(hasItem(id)));
            given().header("Authorization", OTHER).get("/api/v1/subscriptions/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
            given().header("Authorization", OTHER).delete("/api/v1/subscriptions/" + id).then().statusCode(404)
                    .contentType("application/problem+json");
            given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).then().statusCode(200);

            given().header("Authorization", KEY).delete("/api/v1/subscriptions/" + id).then().statusCode(204);
            assertTrue(captured.lines.stream().anyMatch(l -> l.contains("key=" + owner) && l.contains("action=subscription.create")
                    && l.contains("target=" + id)), captured.lines.toString());
            assertTrue(captured.lines.stream().anyMatch(l -> l.contains("key=" + owner) && l.contains("action=subscription.delete")
                    && l.contains("target=" + id)), captured.lines.toString());
            assertTrue(captured.lines.stream().noneMatch(l -> l.contains("test-key")), "no key in the audit log");
        } finally {
            audit.removeHandler(captured);
        }
    }

    @Test
    void aSubscriptionFromBeforeOwnersWereRecordedIsManagedByAnyKey() throws Exception {
        String id = "00000000000000" + Integer.toHexString(0x10 + new java.util.Random().nextInt(0xef));
        // as an older version wrote it: no owner field
        String legacy = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"url\":\"https://198.51.100.11/hooks/old\","
                + "\"countries\":[],\"categories\":[],\"minConfidence\":0,\"secret\":\"" + SECRET + "\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\"}";
        try (var p = Fixtures.producer()) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.SUBSCRIPTIONS, id,
                    legacy.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                given().header("Authorization", OTHER).get("/api/v1/subscriptions/" + id).statusCode() == 200);
        given().header("Authorization", KEY).get("/api/v1/subscriptions").then().body("id", hasItem(id));
        given().header("Authorization", OTHER).get("/api/v1/subscriptions/" + id).then().body("owner", org.hamcrest.Matchers.nullValue());
        given().header("Authorization", OTHER).delete("/api/v1/subscriptions/" + id).then().statusCode(204);
    }
}

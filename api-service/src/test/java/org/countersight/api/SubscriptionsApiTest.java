package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription registry: API key, validation, SSRF checks, the compacted topic, secrets never shown. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SubscriptionsApiTest {

    static final String KEY = "Bearer test-key-2";
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
        String list = given().get("/api/v1/subscriptions").then().statusCode(200).body("id", hasItem(id)).extract().asString();
        assertFalse(list.contains(SECRET));
        String one = given().get("/api/v1/subscriptions/" + id).then().statusCode(200)
                .body("deliveries.size()", equalTo(0)).extract().asString();
        assertFalse(one.contains(SECRET));

        ConsumerRecord<String, byte[]> rec = Fixtures.readAll(Topics.SUBSCRIPTIONS).stream()
                .filter(r -> id.equals(r.key())).reduce((a, b) -> b).orElseThrow();
        assertTrue(new String(rec.value()).contains(SECRET), "the secret is kept on the topic to sign deliveries");

        given().delete("/api/v1/subscriptions/" + id).then().statusCode(401);
        given().header("Authorization", KEY).delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        given().get("/api/v1/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
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
        given().get("/api/v1/subscriptions/NOT-AN-ID").then().statusCode(400);
        given().get("/api/v1/subscriptions/0123456789abcdef").then().statusCode(404);
    }
}

package org.countersight.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.api.webhooks.SubscriptionRegistry;
import org.countersight.api.webhooks.WebhookDispatcher;
import org.countersight.api.webhooks.WebhookSender;
import org.countersight.api.webhooks.WebhookTopics;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end over the real broker and real local HTTP receivers: signed bodies, retries with backoff,
 * exactly one successful delivery, dead letters after the give-up period, and one delivery per alert and
 * subscription when two dispatchers share the consumer group.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(WebhookDeliveryTest.LocalReceivers.class)
class WebhookDeliveryTest {

    /** Receivers run on http://127.0.0.1, which only operator settings allow; retries are seconds apart here. */
    public static class LocalReceivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "countersight.fetch.allow-private-networks", "true",
                    "countersight.webhooks.allow-http", "true",
                    "countersight.webhooks.initial-backoff", "1s",
                    "countersight.webhooks.max-backoff", "2s",
                    "countersight.webhooks.give-up-after", "8s",
                    "countersight.webhooks.timeout", "3s",
                    "countersight.index.dir", "target/test-data/api-webhooks/index");
        }
    }

    static final String KEY = "Bearer test-key-1";

    @Inject
    CountersightConfig config;
    @Inject
    KafkaClients clients;
    @Inject
    SubscriptionRegistry registry;
    @Inject
    WebhookSender sender;

    final List<HttpServer> servers = new ArrayList<>();

    /** What a receiver saw: every attempt, and the bodies it accepted. */
    static final class Receiver {
        final String secret;
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> badSignatures = new CopyOnWriteArrayList<>();
        final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> attemptsPerDelivery = new ConcurrentHashMap<>();
        String url;

        Receiver(String secret) {
            this.secret = secret;
        }
    }

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    /** A receiver that checks the signature and answers with {@code statusForAttempt(n)} to the n-th attempt of a delivery. */
    Receiver receiver(String secret, IntUnaryOperator statusForAttempt) throws Exception {
        Receiver r = new Receiver(secret);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Countersight-Signature");
            String delivery = exchange.getRequestHeaders().getFirst("X-Countersight-Delivery");
            r.attempts.incrementAndGet();
            int status;
            if (!validSignature(signature, secret, body)) {
                r.badSignatures.add(String.valueOf(signature));
                status = 401;
            } else {
                int n = r.attemptsPerDelivery.computeIfAbsent(delivery, k -> new AtomicInteger()).incrementAndGet();
                status = statusForAttempt.applyAsInt(n);
                if (status < 300) {
                    r.accepted.add(Json.MAPPER.readTree(body));
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        r.url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        return r;
    }

    /**
     * A receiver's check, written here independently of the sender: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
     * t + "." + body>}, with t at most five minutes from this clock (older deliveries would be replays).
     */
    static boolean validSignature(String header, String secret, byte[] body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        if (Math.abs(System.currentTimeMillis() / 1000 - t) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return header.endsWith(",v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String subscribe(String url, String country, String secret) {
        return given().contentType("application/json").header("Authorization", KEY)
                .body("{\"url\":\"" + url + "\",\"countries\":[\"" + country + "\"],\"minConfidence\":0.5,\"secret\":\"" + secret + "\"}")
                .post("/api/v1/subscriptions")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void theCallGoesToTheAddressThatWasResolvedOnceAndKeepsTheNameInTheHostHeader() throws Exception {
        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        // first answer: this receiver; any later answer: an address where nothing listens
        AtomicInteger questions = new AtomicInteger();
        WebhookSender guarded = new WebhookSender(config, host -> List.of(java.net.InetAddress.getByName(
                questions.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2")));
        int port = server.getAddress().getPort();
        WebhookSender.Result r = guarded.send("http://hooks.rebind.test:" + port + "/hook", "a-long-enough-shared-secret",
                "d-host", 1, "{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(r.delivered(), String.valueOf(r));
        assertEquals(List.of("hooks.rebind.test:" + port), hosts);
        assertEquals(1, questions.get());
    }

    @Test
    void failsTwiceThenDeliversExactlyOnceWithAValidSignature() throws Exception {
        String secret = "s3cret-" + Fixtures.uniqueWord();
        Receiver r = receiver(secret, n -> n <= 2 ? 500 : 204);
        String id = subscribe(r.url, "IS", secret);

        Alert wanted = Fixtures.alert("Reykjavik police test face recognition " + Fixtures.uniqueWord(), "IS", "facial_recognition", 0.9);
        Alert otherCountry = Fixtures.alert("Not for this subscriber", "NO", "facial_recognition", 0.9);
        Alert tooUnsure = Fixtures.alert("Too unsure", "IS", "cctv", 0.2);
        Fixtures.send(Topics.ALERTS, otherCountry.articleId(), otherCountry);
        Fixtures.send(Topics.ALERTS, tooUnsure.articleId(), tooUnsure);
        Fixtures.send(Topics.ALERTS, wanted.articleId(), wanted);

        await().atMost(Duration.ofSeconds(30)).until(() -> r.accepted.size() >= 1);
        Thread.sleep(4000); // long enough for any further retry to have arrived
        assertEquals(List.of(), r.badSignatures, "every attempt carried a valid signature");
        assertEquals(1, r.accepted.size(), "delivered exactly once");
        assertEquals(3, r.attempts.get(), "two failed attempts, then the delivery");
        JsonNode body = r.accepted.get(0);
        assertEquals("alert", body.get("type").asText());
        assertEquals(id, body.get("subscriptionId").asText());
        assertEquals(wanted.articleId(), body.at("/alert/articleId").asText());
        assertEquals(wanted.title(), body.at("/alert/title").asText());

        String deliveryId = id + ":" + wanted.articleId();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "DELIVERED".equals(given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).jsonPath().getString("deliveries[0].status")));
        String json = given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id)
                .then().statusCode(200)
                .body("deliveries.size()", equalTo(1))
                .body("deliveries[0].id", equalTo(deliveryId))
                .body("deliveries[0].attempts", equalTo(3))
                .body("deliveries[0].lastHttpStatus", equalTo(204))
                .body("deliveries[0].title", equalTo(wanted.title()))
                .extract().asString();
        assertFalse(json.contains(secret), "the secret is never returned");
        assertFalse(json.contains("secret"), "not even its field name");
    }

    @Test
    void givesUpAfterTheConfiguredPeriodAndDeadLetters() throws Exception {
        String secret = "s3cret-" + Fixtures.uniqueWord();
        Receiver r = receiver(secret, n -> 503);
        String id = subscribe(r.url, "FI", secret);
        Alert alert = Fixtures.alert("Helsinki drones " + Fixtures.uniqueWord(), "FI", "drones", 0.8);
        Fixtures.send(Topics.ALERTS, alert.articleId(), alert);

        String key = id + ":" + alert.articleId();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() ->
                Fixtures.readAll(WebhookTopics.DLQ).stream().anyMatch(rec -> key.equals(rec.key())));
        ConsumerRecord<String, byte[]> dead = Fixtures.readAll(WebhookTopics.DLQ).stream()
                .filter(rec -> key.equals(rec.key())).findFirst().orElseThrow();
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("HTTP 503"), reason);
        JsonNode value = Json.MAPPER.readTree(dead.value());
        assertEquals("DEAD", value.get("status").asText());
        assertEquals(alert.articleId(), value.at("/alert/articleId").asText());
        assertTrue(r.attempts.get() >= 3, "retried with backoff before giving up: " + r.attempts.get());
        assertTrue(r.attempts.get() <= 8, "backoff grows, so few attempts in 8 s: " + r.attempts.get());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "DEAD".equals(given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).jsonPath().getString("deliveries[0].status")));
        given().header("Authorization", KEY).get("/api/v1/subscriptions/" + id).then().body("deliveries[0].lastError", equalTo("HTTP 503"));
        int attempts = r.attempts.get();
        Thread.sleep(3000);
        assertEquals(attempts, r.attempts.get(), "no attempt after giving up");
    }

    @Test
    void twoDispatchersInOneGroupDeliverEachAlertOnce() throws Exception {
        WebhookDispatcher second = new WebhookDispatcher(config, clients, registry, sender, new SimpleMeterRegistry());
        second.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(second.state()));
            String secret = "s3cret-" + Fixtures.uniqueWord();
            Receiver r = receiver(secret, n -> 200);
            String id = subscribe(r.url, "DK", secret);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Alert a = Fixtures.alert("Copenhagen CCTV " + i, "DK", "cctv", 0.9);
                ids.add(a.articleId());
                Fixtures.send(Topics.ALERTS, a.articleId(), a);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> r.accepted.size() >= 30);
            Thread.sleep(2000);
            assertEquals(30, r.accepted.size(), "one delivery per alert and subscription");
            assertEquals(30, r.attempts.get());
            assertEquals(List.copyOf(new java.util.TreeSet<>(ids)), r.accepted.stream()
                    .map(b -> b.at("/alert/articleId").asText()).sorted().distinct().toList());
            given().header("Authorization", KEY).delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        } finally {
            second.stop();
        }
    }
}

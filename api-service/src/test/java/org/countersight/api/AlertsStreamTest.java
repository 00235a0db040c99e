package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alerts on the real alerts topic reach SSE clients, filtered, and a reconnect replays exactly what was missed. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class AlertsStreamTest {

    @TestHTTPResource("/api/v1/alerts/stream")
    URL streamUrl;

    Client client;
    final List<SseEventSource> sources = new CopyOnWriteArrayList<>();

    record Received(String id, String name, Alert alert) {
    }

    @BeforeEach
    void setUp() {
        Fixtures.awaitReady();
        client = ClientBuilder.newClient();
    }

    @AfterEach
    void tearDown() {
        sources.forEach(SseEventSource::close);
        client.close();
    }

    private List<Received> open(String query, String lastEventId) {
        WebTarget target = client.target(streamUrl.toString() + (query == null ? "" : "?" + query));
        if (lastEventId != null) {
            target = target.register((ClientRequestFilter) ctx -> ctx.getHeaders().putSingle("Last-Event-ID", lastEventId));
        }
        List<Received> received = new CopyOnWriteArrayList<>();
        SseEventSource source = SseEventSource.target(target).reconnectingEvery(60, TimeUnit.SECONDS).build();
        source.register((InboundSseEvent e) -> {
            if ("alert".equals(e.getName())) {
                Alert a = Json.read(e.readData().getBytes(StandardCharsets.UTF_8), Alert.class);
                received.add(new Received(e.getId(), e.getName(), a));
            }
        });
        source.open();
        sources.add(source);
        return received;
    }

    private static void publish(Alert a) {
        Fixtures.send(Topics.ALERTS, a.articleId(), a);
    }

    /** Waits until an unfiltered probe stream sees the alert, i.e. the hub has it. */
    private void settle(List<Received> probe, Alert last) {
        await().atMost(Duration.ofSeconds(15)).until(() -> probe.stream().anyMatch(r -> r.alert().articleId().equals(last.articleId())));
    }

    @Test
    void deliversMatchingAlertsOnly() throws Exception {
        List<Received> all = open(null, null);
        List<Received> khSpyware = open("country=KH&category=spyware", null);
        List<Received> confident = open("minConfidence=0.9", null);
        Thread.sleep(500); // let the streams subscribe before publishing

        Alert a1 = Fixtures.alert("KH spyware", "KH", "spyware", 0.95);
        Alert a2 = Fixtures.alert("KH drones", "KH", "drones", 0.7);
        Alert a3 = Fixtures.alert("VN spyware", "VN", "spyware", 0.5);
        publish(a1);
        publish(a2);
        publish(a3);
        await().atMost(Duration.ofSeconds(15)).until(() -> all.stream().filter(r -> List.of(a1, a2, a3).stream()
                .anyMatch(a -> a.articleId().equals(r.alert().articleId()))).count() == 3);
        Thread.sleep(300);
        assertEquals(List.of(a1.articleId()), khSpyware.stream().map(r -> r.alert().articleId()).toList());
        assertTrue(confident.stream().allMatch(r -> r.alert().confidence() >= 0.9));
        assertTrue(confident.stream().anyMatch(r -> r.alert().articleId().equals(a1.articleId())));
        Received first = all.stream().filter(r -> r.alert().articleId().equals(a1.articleId())).findFirst().orElseThrow();
        assertNotNull(first.id());
        assertEquals("alert", first.name());
        assertEquals("KH spyware", first.alert().title());
        assertEquals("spyware", first.alert().events().get(0).category());

        // a new client can ask for everything still buffered (useful right after start-up)
        List<Received> fromStart = open("country=KH&category=spyware&lastEventId=start", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> fromStart.stream().anyMatch(r -> r.alert().articleId().equals(a1.articleId())));
        assertTrue(fromStart.stream().allMatch(r -> r.alert().countries().contains("KH")));

        // the same alerts in GET /alerts, newest first, filtered the same way
        given().queryParam("country", "KH").queryParam("category", "spyware").get("/api/v1/alerts")
                .then().statusCode(200).body("items[0].alert.articleId", equalTo(a1.articleId()));
    }

    @Test
    void reconnectWithLastEventIdGetsExactlyWhatWasMissed() throws Exception {
        List<Received> probe = open(null, null);
        List<Received> client1 = open("country=MM", null);
        Thread.sleep(500);
        Alert before = Fixtures.alert("before", "MM", "internet_shutdown", 0.8);
        publish(before);
        await().atMost(Duration.ofSeconds(15)).until(() -> client1.size() == 1);
        String lastId = client1.get(0).id();
        sources.get(1).close(); // the client goes away

        Alert m1 = Fixtures.alert("missed 1", "MM", "cctv", 0.8);
        Alert other = Fixtures.alert("other country", "TH", "cctv", 0.8);
        Alert m2 = Fixtures.alert("missed 2", "MM", "drones", 0.8);
        Alert m3 = Fixtures.alert("missed 3", "MM", "spyware", 0.8);
        for (Alert a : List.of(m1, other, m2, m3)) {
            publish(a);
        }
        settle(probe, m3);

        List<Received> again = open("country=MM", lastId);
        await().atMost(Duration.ofSeconds(15)).until(() -> again.size() >= 3);
        Thread.sleep(500); // anything extra would arrive now
        assertEquals(List.of(m1.articleId(), m2.articleId(), m3.articleId()),
                again.stream().map(r -> r.alert().articleId()).toList(),
                "exactly the three missed alerts, in order, nothing before, nothing filtered out");

        // and it stays live after the replay
        Alert live = Fixtures.alert("live", "MM", "cctv", 0.8);
        publish(live);
        await().atMost(Duration.ofSeconds(15)).until(() -> again.size() == 4);
        assertEquals(live.articleId(), again.get(3).alert().articleId());
    }

    @Test
    void atomFeedCarriesAlertsWithEvidence() throws Exception {
        List<Received> probe = open(null, null);
        Thread.sleep(300);
        Alert sg = Fixtures.alert("Cameras with face matching go up in Singapore", "SG", "facial_recognition", 0.91);
        Alert other = Fixtures.alert("Unrelated", "PE", "cctv", 0.91);
        publish(sg);
        publish(other);
        settle(probe, other);
        byte[] xml = given().queryParam("country", "SG").get("/feeds/alerts.atom").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("application/atom+xml")).extract().asByteArray();
        com.rometools.rome.feed.synd.SyndFeed feed = new com.rometools.rome.io.SyndFeedInput()
                .build(new com.rometools.rome.io.XmlReader(new java.io.ByteArrayInputStream(xml)));
        assertEquals("atom_1.0", feed.getFeedType());
        assertEquals(1, feed.getEntries().size(), "only the SG alert");
        var entry = feed.getEntries().get(0);
        assertEquals(sg.title(), entry.getTitle());
        assertEquals(sg.url(), entry.getLink());
        assertEquals("urn:countersight:alert:" + sg.articleId(), entry.getUri());
        assertTrue(entry.getDescription().getValue().contains("[facial_recognition, SG] " + sg.title()));
        assertTrue(entry.getCategories().stream().anyMatch(c -> c.getName().equals("facial_recognition")));
        given().queryParam("country", "ZZ").get("/feeds/alerts.atom").then().statusCode(400);
    }

    @Test
    void refusesBadFiltersAndIds() {
        given().queryParam("country", "XX").get("/api/v1/alerts/stream").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("category", "weather").get("/api/v1/alerts/stream").then().statusCode(400);
        given().queryParam("minConfidence", "2").get("/api/v1/alerts/stream").then().statusCode(400);
        given().header("Last-Event-ID", "garbage").get("/api/v1/alerts/stream").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("limit", "0").get("/api/v1/alerts").then().statusCode(400);
    }
}

package org.countersight.nlp.kafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.EmbeddedKafka;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nlp-service against a real in-JVM KRaft broker: raw in, tagged and alerts out, poison to the DLQ. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ArticleFlowTest {

    EmbeddedKafka kafka;

    @Test
    void articlesFlowThroughTaggingToTopics() throws Exception {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));

        String fresh = "fresh-" + UUID.randomUUID();
        String old = "old-" + UUID.randomUUID();
        String plain = "plain-" + UUID.randomUUID();
        String copy = "copy-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        String nearCopy = "near-" + UUID.randomUUID();
        String story = "story-" + UUID.randomUUID();
        Instant now = Instant.now();
        String fr = "KAMPALA, Uganda — Police have installed facial recognition cameras at major junctions in Kampala, "
                + "the security ministry said on Tuesday.";
        try (KafkaProducer<String, byte[]> p = kafka.producer()) {
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, fresh, raw(fresh, story, "Uganda rolls out face scanners", fr, now.minusSeconds(3600)))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, old, raw(old, null, "Cameras, years ago", fr, now.minus(Duration.ofDays(30))))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, copy, raw(copy, story, "Uganda rolls out face scanners (copy)", fr, now.minusSeconds(3000)))).get();
            // the same story re-published by another outlet: no storyId, new URL and headline, a credit line added
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, nearCopy, raw(nearCopy, null, "UGANDA: FACE SCANNERS AT JUNCTIONS",
                    fr.replace("on Tuesday", "on Tuesday,") + " (Reporting by our correspondent)", now.minusSeconds(2000)))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, plain, raw(plain, null, "Harvest festival",
                    "Farmers in Ghana celebrated a record cocoa harvest with a festival in Kumasi on Saturday.", now))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, "poison", "{not json at all".getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, after, raw(after, null, "Kenya shuts the internet",
                    "Authorities in Kenya ordered an internet shutdown on election day, citing security reasons.", now))).get();
        }

        Map<String, TaggedArticle> tagged = new ConcurrentHashMap<>();
        Map<String, Alert> alerts = new ConcurrentHashMap<>();
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = kafka.consumer()) {
            c.subscribe(List.of(Topics.ARTICLES_TAGGED, Topics.ALERTS, Topics.ARTICLES_RAW + Topics.DLQ_SUFFIX));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    switch (r.topic()) {
                        case Topics.ARTICLES_TAGGED -> tagged.put(r.key(), Json.read(r.value(), TaggedArticle.class));
                        case Topics.ALERTS -> alerts.put(r.key(), Json.read(r.value(), Alert.class));
                        default -> dead.add(r);
                    }
                }
                return tagged.keySet().containsAll(List.of(fresh, old, plain, copy, nearCopy, after)) && !dead.isEmpty();
            });
            // give a late duplicate alert a chance to show up before asserting there is none
            long until = System.currentTimeMillis() + 2000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.ALERTS)) {
                        alerts.put(r.key(), Json.read(r.value(), Alert.class));
                    }
                }
            }
        }

        TaggedArticle f = tagged.get(fresh);
        assertTrue(f.surveillance());
        assertTrue(f.events().stream().anyMatch(e -> e.category().equals("facial_recognition") && "UG".equals(e.country())), f.events().toString());
        assertTrue(f.countries().stream().anyMatch(c -> c.code().equals("UG") && c.role().equals("event")));
        assertEquals("4.5.10", f.versions().corenlp());
        assertFalse(tagged.get(plain).surveillance());
        assertTrue(tagged.get(after).events().stream().anyMatch(e -> e.category().equals("internet_shutdown") && "KE".equals(e.country())));

        assertTrue(alerts.containsKey(fresh), "alert for the fresh article");
        assertEquals(List.of("UG"), alerts.get(fresh).countries());
        assertTrue(alerts.get(fresh).categories().contains("facial_recognition"));
        assertFalse(alerts.containsKey(old), "no alert for an old article");
        assertFalse(alerts.containsKey(plain), "no alert for a non-event");
        assertFalse(alerts.containsKey(copy), "a second copy of a story does not alert");
        assertTrue(tagged.get(nearCopy).surveillance(), "the near-identical copy is tagged like the original");
        assertFalse(alerts.containsKey(nearCopy), "a near-identical copy without storyId does not alert");
        assertTrue(alerts.containsKey(after), "the record after the poison one still flows");

        assertEquals(1, dead.size());
        assertEquals("poison", dead.get(0).key());
        assertEquals("{not json at all", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertTrue(dead.get(0).headers().lastHeader("dead-letter-reason") != null);
    }

    @Test
    void diagnosticsTagsPostedText() {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        String lima = "{\"text\":\"Police in Lima deployed drones to watch the protest march on Saturday.\"}";
        // an operator endpoint: no key, a wrong key or another scheme get a 401 problem
        given().contentType("application/json").body(lima).post("/diagnostics/tag")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Authorization: Bearer"));
        given().contentType("application/json").header("Authorization", "Bearer not-a-key").body(lima)
                .post("/diagnostics/tag").then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json").header("Authorization", "Basic dGVzdC1rZXktMQ==").body(lima)
                .post("/diagnostics/tag").then().statusCode(401);
        given().contentType("application/json").header("Authorization", "Bearer test-key-1").body(lima)
                .post("/diagnostics/tag")
                .then().statusCode(200)
                .body("surveillance", equalTo(true))
                .body("events.category", hasItem("drones"))
                .body("events[0].country", equalTo("PE"));
        given().contentType("application/json").header("Authorization", "Bearer test-key-1").body("{}")
                .post("/diagnostics/tag").then().statusCode(400);
        // the size cap is the tagger's own (countersight.nlp.max-chars), said in the problem
        given().contentType("text/plain").header("Authorization", "Bearer test-key-1").body("a ".repeat(60_000))
                .post("/diagnostics/tag").then().statusCode(413).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("100000 characters"));
        // read-only diagnostics stay open
        given().get("/diagnostics/pipeline").then().statusCode(200);
    }

    @Test
    void aFloodFromOneSourceDoesNotPushAnotherSourcesArticleBehindTheWholeFlood() throws Exception {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
        String run = UUID.randomUUID().toString();
        String flood = "flood-" + run;
        String quiet = "quiet-" + run;
        int floodSize = 120;
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> p = kafka.producer()) {
            // all of the flood is on the topic before the quiet source's one article
            for (int i = 0; i < floodSize; i++) {
                String id = flood + "-" + i;
                ids.add(id);
                p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, id, rawFrom(id, flood, "Flood item " + i,
                        "Residents of the town met on Monday to discuss the new bus timetable and the market hours, item "
                                + i + ".", now)));
            }
            p.flush();
            String id = quiet + "-1";
            ids.add(id);
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, id, rawFrom(id, quiet, "Police deploy drones",
                    "Police in Lima deployed drones to watch the protest march on Saturday.", now))).get();
        }
        List<String> order = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = kafka.consumer()) {
            c.subscribe(List.of(Topics.ARTICLES_TAGGED));
            await().atMost(Duration.ofMinutes(5)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (ids.contains(r.key()) && !order.contains(r.key())) {
                        order.add(r.key());
                    }
                }
                return order.size() == ids.size();
            });
        }
        int position = order.indexOf(quiet + "-1");
        System.out.printf("fair tagging: the quiet source's article was tagged at position %d of %d%n", position, order.size());
        // first in, first out would tag it last (position 120); round-robin by source gives it the next turn once
        // it is read, which is long before the flood is through
        assertTrue(position < floodSize / 2, "the quiet source's article was tagged at position " + position
                + " of " + order.size());
        // each source keeps its own order
        List<String> floodOrder = order.stream().filter(k -> k.startsWith(flood)).toList();
        assertEquals(ids.subList(0, floodSize), floodOrder);
    }

    static byte[] rawFrom(String id, String source, String title, String text, Instant published) {
        return Json.write(new RawArticle(RawArticle.SCHEMA_VERSION, id, "https://example.org/" + id, source, source,
                null, id, title, null, text, "en", published, false, Instant.now()));
    }

    /** A raw article as ingest-service writes it (also used by the reprocess test). */
    static byte[] raw(String id, String story, String title, String text, Instant published) {
        return Json.write(new RawArticle(RawArticle.SCHEMA_VERSION, id, "https://example.org/" + id, "test", "Test",
                story, id, title, null, text, "en", published, false, Instant.now()));
    }
}

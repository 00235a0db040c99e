package org.countersight.nlp.kafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.EmbeddedKafka;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reprocess run (README, "Reprocess") over the real in-JVM broker: the service consumes articles.raw under a
 * new consumer group from the beginning, writes new tags under the same keys (so the compacted articles.tagged
 * keeps only the new ones) and raises no alert, not even for an article that would be fresh.
 */
@QuarkusTest
@TestProfile(ReprocessFlowTest.Reprocess.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ReprocessFlowTest {

    static final String GROUP = "nlp-reprocess-test";

    public static class Reprocess implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersight.nlp.reprocess", "true",
                    "mp.messaging.incoming.articles-raw.group.id", GROUP);
        }
    }

    EmbeddedKafka kafka;

    @Test
    void reprocessReTagsHistoryUnderItsOwnGroupWithoutAlerts() throws Exception {
        String oldArticle = "hist-" + UUID.randomUUID();
        String freshArticle = "hist-fresh-" + UUID.randomUUID();
        Instant now = Instant.now();
        String text = "NAIROBI — Kenya's interior ministry has ordered a nationwide internet shutdown during the election count, "
                + "citing security reasons, the communications authority said.";
        try (KafkaProducer<String, byte[]> p = kafka.producer()) {
            // what an older tagger wrote for the old article: no events, an old version
            TaggedArticle stale = new TaggedArticle(1, oldArticle, "https://example.org/" + oldArticle, "test", "Test", null,
                    "Kenya", null, text, "en", now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(400)),
                    now.minus(Duration.ofDays(400)), false, 0.0, false, List.of(), List.of(), List.of(), List.of(),
                    new TaggedArticle.Versions("nlp-tagger-0.9.0+rules-0.9.0", "1", "4.5.10"));
            p.send(new ProducerRecord<>(Topics.ARTICLES_TAGGED, oldArticle, Json.write(stale))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, oldArticle, ArticleFlowTest.raw(oldArticle, null, "Kenya orders shutdown", text,
                    now.minus(Duration.ofDays(400))))).get();
            p.send(new ProducerRecord<>(Topics.ARTICLES_RAW, freshArticle, ArticleFlowTest.raw(freshArticle, null, "Kenya orders shutdown today",
                    text, now.minusSeconds(600)))).get();
        }
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        Map<String, List<TaggedArticle>> tagged = new HashMap<>();
        List<String> alertKeys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = kafka.consumer()) {
            c.subscribe(List.of(Topics.ARTICLES_TAGGED, Topics.ALERTS));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(Topics.ALERTS)) {
                        alertKeys.add(r.key());
                    } else {
                        tagged.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Json.read(r.value(), TaggedArticle.class));
                    }
                }
                return tagged.getOrDefault(oldArticle, List.of()).size() >= 2 && tagged.containsKey(freshArticle);
            });
            long until = System.currentTimeMillis() + 3000; // an alert would be written with the tag; give it time
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.ALERTS)) {
                        alertKeys.add(r.key());
                    }
                }
            }
        }

        // the newest record under the old article's key is the re-tag, with today's versions and the event found
        List<TaggedArticle> history = tagged.get(oldArticle);
        TaggedArticle latest = history.get(history.size() - 1);
        assertNotEquals("nlp-tagger-0.9.0+rules-0.9.0", latest.versions().tagger());
        assertTrue(latest.versions().tagger().contains("rules-"), latest.versions().toString());
        assertTrue(latest.surveillance());
        assertTrue(latest.events().stream().anyMatch(e -> e.category().equals("internet_shutdown") && "KE".equals(e.country())),
                latest.events().toString());
        assertTrue(tagged.get(freshArticle).get(0).surveillance());
        // (the broker may be shared with other test classes: only this run's articles are looked at)
        assertTrue(alertKeys.stream().noneMatch(k -> k.equals(oldArticle) || k.equals(freshArticle)),
                "a reprocess run raises no alerts, even for a fresh article: " + alertKeys);

        // it consumed under its own group, which now has committed offsets on articles.raw
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(a)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                assertTrue(offsets.keySet().stream().anyMatch(tp -> tp.topic().equals(Topics.ARTICLES_RAW)), offsets.toString());
            });
        }
    }
}

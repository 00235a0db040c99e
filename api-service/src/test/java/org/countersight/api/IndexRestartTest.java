package org.countersight.api;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.api.index.ArticleIndex;
import org.countersight.api.index.IndexFeeder;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.events.kafka.DeadLetters;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.events.kafka.TopicReader;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The index keeps its Kafka position in its own commits: a restart resumes there (nothing re-applied, nothing
 * lost), and an index built from another incarnation of the topic, or with another schema version, is rebuilt.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class IndexRestartTest {

    static EmbeddedKafka kafka;
    static KafkaClients clients;
    static String topicId;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
        clients = new KafkaClients(kafka.bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            topicId = admin.describeTopics(List.of(Topics.ARTICLES_TAGGED)).allTopicNames().get()
                    .get(Topics.ARTICLES_TAGGED).topicId().toString();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static void publish(int from, int to) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                TaggedArticle a = Fixtures.article("https://restart.example.org/" + i, "Article " + i, "text " + i,
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), List.of("KH"), List.of("cctv"));
                p.send(new ProducerRecord<>(Topics.ARTICLES_TAGGED, a.id(), Json.write(a))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private record Running(ArticleIndex index, IndexFeeder feeder, TopicReader reader, DeadLetters dlq) {
        void stop() throws Exception {
            reader.close(); // the feeder commits index and position on stop
            dlq.close();
            index.close();
        }
    }

    private static Running run(Path dir, Duration commitInterval, String id) throws Exception {
        ArticleIndex index = ArticleIndex.open(dir, false);
        DeadLetters dlq = new DeadLetters(clients.connection(), "test-dlq");
        IndexFeeder feeder = new IndexFeeder(index, dlq, commitInterval, id);
        TopicReader reader = clients.reader("test-index", "test", List.of(Topics.ARTICLES_TAGGED), feeder).start();
        return new Running(index, feeder, reader, dlq);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void restartResumesFromCommittedOffsets(@TempDir Path dir) throws Exception {
        publish(0, 10);
        Running first = run(dir, Duration.ofSeconds(1), topicId);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.index().documentCount() == 10);
        assertEquals(10, first.feeder().applied());
        first.stop();

        publish(10, 15);
        publish(3, 4); // an update of an existing article
        Running second = run(dir, Duration.ofSeconds(1), topicId);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.reader().isCaughtUp());
        Thread.sleep(500);
        assertEquals(6, second.feeder().applied(), "only the records after the committed position were applied");
        assertEquals(15, second.index().documentCount(), "every article exactly once");
        second.stop();

        // an index built from another incarnation of the topic is cleared and rebuilt from that topic
        Running other = run(dir, Duration.ofSeconds(1), "another-topic-id");
        await().atMost(Duration.ofSeconds(30)).until(() -> other.reader().isCaughtUp());
        Thread.sleep(500);
        assertEquals(16, other.feeder().applied());
        assertEquals(15, other.index().documentCount());
        other.stop();
    }

    @Test
    @org.junit.jupiter.api.Order(2) // after the records of the test above are on the topic
    void indexOfAnOlderSchemaIsRebuiltFromTheTopic(@TempDir Path dir) throws Exception {
        // an index as the previous version wrote it: no index sort, no combined text field, no schema version, and a
        // stored position that says everything up to offset 1,000 was applied
        try (var fs = org.apache.lucene.store.FSDirectory.open(dir);
             var w = new org.apache.lucene.index.IndexWriter(fs, new org.apache.lucene.index.IndexWriterConfig(
                     new org.apache.lucene.analysis.en.EnglishAnalyzer()))) {
            var doc = new org.apache.lucene.document.Document();
            doc.add(new org.apache.lucene.document.StringField("id", "from-the-old-schema", org.apache.lucene.document.Field.Store.NO));
            w.addDocument(doc);
            w.setLiveCommitData(Map.of("kafka.topicId", topicId, "offset.0", "1000", "offset.1", "1000", "offset.2", "1000").entrySet());
            w.commit();
        }
        ArticleIndex reopened = ArticleIndex.open(dir, false);
        try {
            assertEquals(0, reopened.documentCount(), "the old index was deleted, not opened");
            assertEquals(Map.of(ArticleIndex.SCHEMA_KEY, org.countersight.api.index.ArticleDocuments.SCHEMA_VERSION), reopened.committedData(),
                    "no stored position: the feeder starts from the beginning of the topic");
        } finally {
            reopened.close();
        }
        long records;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(Topics.ARTICLES_TAGGED)).allTopicNames().get().get(Topics.ARTICLES_TAGGED)
                    .partitions().stream().map(p -> new org.apache.kafka.common.TopicPartition(Topics.ARTICLES_TAGGED, p.partition()))
                    .collect(java.util.stream.Collectors.toMap(p -> p, p -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
            records = admin.listOffsets(partitions).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
        Running rebuilt = run(dir, Duration.ofSeconds(1), topicId);
        await().atMost(Duration.ofSeconds(30)).until(() -> rebuilt.reader().isCaughtUp());
        Thread.sleep(500);
        assertEquals(records, rebuilt.feeder().applied(), "every record of the topic applied again");
        rebuilt.stop();
        // and the rebuilt index, now of this version, is kept on the next start
        ArticleIndex again = ArticleIndex.open(dir, false);
        try {
            assertEquals(org.countersight.api.index.ArticleDocuments.SCHEMA_VERSION, again.committedData().get(ArticleIndex.SCHEMA_KEY));
            assertEquals(records, again.committedData().entrySet().stream().filter(e -> e.getKey().startsWith("offset."))
                    .mapToLong(e -> Long.parseLong(e.getValue())).sum(), "its position is the end of the topic");
        } finally {
            again.close();
        }
    }
}

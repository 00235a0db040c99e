package org.countersight.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.countersight.events.Topics;
import org.countersight.events.kafka.DeadLetters;
import org.countersight.events.kafka.KafkaConnection;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.events.kafka.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services' shared Kafka support (events.kafka): the whole-topic reader and the dead-letter writer, on a real broker. */
class KafkaSupportTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static EmbeddedKafka kafka;
    static KafkaConnection connection;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
        connection = new KafkaConnection(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void readsEveryPartitionToItsEndThenFollowsSkippingARecordItCannotApply() throws Exception {
        Map<String, String> applied = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = connection.newProducer("test-writer", KafkaConnection.WriteProfile.PROMPT)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(Topics.SOURCES_STATUS, "source-" + i, bytes("status " + i))).get();
            }
            producer.send(new ProducerRecord<>(Topics.SOURCES_STATUS, "broken", bytes("unreadable"))).get();

            try (TopicReader reader = new TopicReader("test", connection.reader("test-reader"), List.of(Topics.SOURCES_STATUS),
                    TopicReader.eachRecord("test", r -> {
                        String value = new String(r.value(), StandardCharsets.UTF_8);
                        if (value.equals("unreadable")) {
                            throw new IllegalArgumentException("not a status");
                        }
                        applied.put(r.key(), value);
                    })).start()) {
                assertTrue(reader.awaitCaughtUp(WAIT), "caught up with the records that were there at start");
                assertEquals(10, applied.size(), "every readable record of both partitions, the unreadable one skipped");
                assertEquals("status 7", applied.get("source-7"));
                assertTrue(reader.isRunning(), "an unreadable record does not stop the reader");

                RecordMetadata later = producer.send(new ProducerRecord<>(Topics.SOURCES_STATUS, "source-new", bytes("later"))).get();
                reader.awaitHandled(new TopicPartition(later.topic(), later.partition()), later.offset(), WAIT);
                assertEquals("later", applied.get("source-new"), "records written after the start are followed");

                reader.close();
                assertFalse(reader.isRunning());
            }
        }
    }

    @Test
    void deadLetterKeepsTheRecordAndSaysWhyAndWhereItCameFrom() throws Exception {
        try (KafkaProducer<String, byte[]> producer = kafka.producer();
             DeadLetters deadLetters = new DeadLetters(connection, "test-dlq")) {
            ProducerRecord<String, byte[]> bad = new ProducerRecord<>(Topics.ALERTS, "alert-1", bytes("{not json"));
            bad.headers().add("eventType", bytes("Alert"));
            producer.send(bad).get();
            ConsumerRecord<String, byte[]> read = readOne(Topics.ALERTS);

            deadLetters.send(read, "not a valid Alert", WAIT);

            ConsumerRecord<String, byte[]> dead = readOne(Topics.ALERTS + Topics.DLQ_SUFFIX);
            assertEquals("alert-1", dead.key());
            assertEquals("{not json", new String(dead.value(), StandardCharsets.UTF_8));
            assertEquals("Alert", header(dead, "eventType"), "the original headers are kept");
            assertEquals("not a valid Alert", header(dead, DeadLetters.REASON));
            assertEquals(Topics.ALERTS, header(dead, DeadLetters.TOPIC));
            assertEquals(Integer.toString(read.partition()), header(dead, DeadLetters.PARTITION));
            assertEquals(Long.toString(read.offset()), header(dead, DeadLetters.OFFSET));
        }
    }

    /** The one record of a topic (every partition read from the beginning, no group). */
    private static ConsumerRecord<String, byte[]> readOne(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(connection.reader("test-check"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(out::add);
            }
            assertEquals(1, out.size(), "one record on " + topic);
            return out.get(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

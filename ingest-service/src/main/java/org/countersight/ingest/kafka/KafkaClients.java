package org.countersight.ingest.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.ingest.config.Settings.KafkaSettings;

import java.util.HashMap;
import java.util.Map;

/** Client properties of the plain Kafka clients this service uses (overrides from {@code countersight.kafka.client.*}). */
final class KafkaClients {

    private KafkaClients() {
    }

    static Map<String, Object> producer(KafkaSettings kafka, String clientId) {
        Map<String, Object> p = common(kafka, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(kafka.clientOverrides());
        return p;
    }

    /** A consumer without a group (assign + seek), for reading whole topics. */
    static Map<String, Object> reader(KafkaSettings kafka, String clientId) {
        Map<String, Object> p = common(kafka, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(kafka.clientOverrides());
        return p;
    }

    /** The group consumer of {@code sources}: the group shards partitions (so sources) among instances. */
    static Map<String, Object> groupConsumer(KafkaSettings kafka, String clientId) {
        Map<String, Object> p = reader(kafka, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.putAll(kafka.clientOverrides());
        return p;
    }

    private static Map<String, Object> common(KafkaSettings kafka, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}

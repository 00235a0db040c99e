package org.countersight.events.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place that sets the properties of the plain Kafka clients the services use: keys are strings, values
 * stay bytes (a bad record never breaks a poll), producers write with acks=all and idempotence so an acknowledged
 * write is durable, consumers commit only by hand. {@code overrides} (security and the like, e.g. ingest's
 * {@code countersight.kafka.client.*}) are applied last to every client.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> overrides) {

    /** How long a write may take, by what waits for it. */
    public enum WriteProfile {
        /** A caller waits for the ack before it answers (REST writes, dead letters): give up within 30 s. */
        PROMPT(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ZERO),
        /** A feed poll's articles: a few ms of lingering batches them; a fail-over may take a minute. */
        BATCHED(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMillis(5)),
        /** A claim on a shared state log ({@link SharedLog}): outlasts a leader election rather than fail a claim. */
        STATE_LOG(Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ZERO);

        private final Duration delivery;
        private final Duration request;
        private final Duration linger;

        WriteProfile(Duration delivery, Duration request, Duration linger) {
            this.delivery = delivery;
            this.request = request;
            this.linger = linger;
        }
    }

    public KafkaConnection {
        overrides = Map.copyOf(overrides);
    }

    public KafkaConnection(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** Producer properties: acks=all, idempotent, timeouts of the profile. */
    public Map<String, Object> producer(String clientId, WriteProfile profile) {
        Map<String, Object> p = common(clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) profile.linger.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) profile.delivery.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) profile.request.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(overrides);
        return p;
    }

    public KafkaProducer<String, byte[]> newProducer(String clientId, WriteProfile profile) {
        return new KafkaProducer<>(producer(clientId, profile));
    }

    /** Consumer properties without a group (assign + seek), for reading whole topics ({@link TopicReader}). */
    public Map<String, Object> reader(String clientId) {
        Map<String, Object> p = common(clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(overrides);
        return p;
    }

    /** Consumer properties in a group (partitions shared among instances), committing only by hand. */
    public Map<String, Object> groupConsumer(String clientId, String groupId) {
        Map<String, Object> p = reader(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.putAll(overrides);
        return p;
    }

    private Map<String, Object> common(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}

package org.countersight.api.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.countersight.events.kafka.KafkaConnection;
import org.countersight.events.kafka.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;

/** The api's Kafka connection as a bean; the client properties themselves are set in {@link KafkaConnection}. */
@ApplicationScoped
public class KafkaClients {

    private final KafkaConnection connection;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.connection = new KafkaConnection(bootstrapServers);
    }

    public KafkaConnection connection() {
        return connection;
    }

    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    /** A reader of every partition of the topics, without a group: every replica reads the whole stream. */
    public TopicReader reader(String name, String clientId, List<String> topics, TopicReader.Handler handler) {
        return new TopicReader(name, connection.reader(clientId), topics, handler);
    }

    /** A consumer in a group (partitions shared among replicas), committing only by hand. */
    public KafkaConsumer<String, byte[]> groupConsumer(String clientId, String groupId) {
        Map<String, Object> p = connection.groupConsumer(clientId, groupId);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200); // webhook fan-out: a batch's deliveries stay few
        return new KafkaConsumer<>(p);
    }

    /** Waits for all in-sync replicas within 30 s, so the caller answers only after a durable write. */
    public KafkaProducer<String, byte[]> producer(String clientId) {
        return connection.newProducer(clientId, KafkaConnection.WriteProfile.PROMPT);
    }
}

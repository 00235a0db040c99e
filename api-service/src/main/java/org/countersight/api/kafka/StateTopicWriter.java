package org.countersight.api.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.events.Headers;
import org.countersight.events.Json;

import java.util.concurrent.TimeUnit;

/**
 * Writes the records of one compacted state topic (sources, subscriptions) with the standard headers and
 * returns once the broker has acknowledged, so the caller may answer its client only after the write is durable.
 */
public final class StateTopicWriter implements AutoCloseable {

    private final KafkaClients clients;
    private final String topic;
    private final String eventType;
    private final int schemaVersion;
    private KafkaProducer<String, byte[]> producer;

    public StateTopicWriter(KafkaClients clients, String topic, String eventType, int schemaVersion) {
        this.clients = clients;
        this.topic = topic;
        this.eventType = eventType;
        this.schemaVersion = schemaVersion;
    }

    public void put(String key, Object value) throws Exception {
        send(key, Json.write(value), eventType);
    }

    /** A tombstone: compaction forgets the key, and readers drop it. */
    public void delete(String key) throws Exception {
        send(key, null, eventType + "Deleted");
    }

    private synchronized void send(String key, byte[] value, String type) throws Exception {
        if (producer == null) {
            producer = clients.producer("api-" + topic);
        }
        producer.send(new ProducerRecord<>(topic, null, key, value, Headers.create(type, schemaVersion))).get(30, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}

package org.countersight.api.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.events.Headers;
import org.countersight.events.Json;
import org.countersight.events.kafka.TopicReader;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A registry's compacted state topic (sources, subscriptions): a view that reads its topics from the beginning and
 * hands every record to the registry in order, and a writer that adds the standard headers and returns once the
 * broker has acknowledged, so the caller may answer its client only after the write is durable.
 */
public final class StateTopic implements AutoCloseable {

    private final KafkaClients clients;
    private final String topic;
    private final String eventType;
    private final int schemaVersion;
    private final TopicReader view;
    private KafkaProducer<String, byte[]> producer;

    /**
     * @param topic     the topic written
     * @param viewed    the topics the view reads (the written one and others the registry follows)
     * @param apply     the registry's update for one record; a record it cannot apply is logged and skipped
     */
    public StateTopic(KafkaClients clients, String name, String topic, String eventType, int schemaVersion,
                      List<String> viewed, Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.clients = clients;
        this.topic = topic;
        this.eventType = eventType;
        this.schemaVersion = schemaVersion;
        this.view = clients.reader(name, "api-" + name, viewed, TopicReader.eachRecord(name, apply));
    }

    public void start() {
        view.start();
    }

    /** Readiness asks it whether the view has caught up. */
    public TopicReader reader() {
        return view;
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
    public void close() {
        view.close();
        synchronized (this) {
            if (producer != null) {
                producer.close();
                producer = null;
            }
        }
    }
}

package org.countersight.api.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.countersight.events.Headers;
import org.countersight.events.Json;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Writes what became of deliveries to {@code alerts.webhooks} (and a copy of a DEAD one to
 * {@code alerts.webhooks.dlq}) without waiting: a {@link Recording} says when Kafka has acknowledged it. Counts
 * attempts and dead letters for the metrics.
 */
final class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);

    /** The writes of one delivery's new state; {@code apply}: whether this replica's schedule takes it over. */
    record Recording(Delivery before, Delivery delivery, int partition, boolean apply, Acks acks) {
    }

    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private volatile KafkaProducer<String, byte[]> producer;

    OutcomeRecorder(MeterRegistry meters) {
        this.delivered = Counter.builder("countersight.webhooks.deliveries").tag("outcome", "delivered").register(meters);
        this.failed = Counter.builder("countersight.webhooks.deliveries").tag("outcome", "failed-attempt").register(meters);
        this.dead = Counter.builder("countersight.webhooks.deliveries").tag("outcome", "dead-lettered").register(meters);
    }

    void use(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** On a worker thread, after each call. */
    void attempted(WebhookSender.Result result) {
        (result.delivered() ? delivered : failed).increment();
    }

    Future<RecordMetadata> write(Delivery d) {
        return producer.send(new ProducerRecord<>(WebhookTopics.DELIVERIES, null, d.id(), Json.write(d),
                Headers.create("Delivery", Delivery.SCHEMA_VERSION)));
    }

    /**
     * Starts the writes of a delivery's new state. For a partition this replica no longer owns ({@code owned} false)
     * only a final state is written: a PENDING one is left to the new owner, who decides (and may call again).
     */
    Recording record(Delivery before, Delivery next, int partition, boolean owned) {
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        if (next.status() == Delivery.Status.DEAD) {
            writes.add(deadLetter(next));
        }
        if (owned || next.status() != Delivery.Status.PENDING) {
            writes.add(write(next));
        }
        return new Recording(before, next, partition, owned, new Acks(writes));
    }

    /** Once a recording is acknowledged. */
    void acknowledged(Recording r) {
        if (r.delivery().status() == Delivery.Status.DEAD) {
            dead.increment();
            LOG.warnf("delivery %s dead-lettered: %s", r.delivery().id(), reason(r.delivery()));
        }
    }

    private Future<RecordMetadata> deadLetter(Delivery d) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(WebhookTopics.DLQ, null, d.id(), Json.write(d),
                Headers.create("Delivery", Delivery.SCHEMA_VERSION));
        record.headers().add("dead-letter-reason", reason(d).getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-topic", WebhookTopics.DELIVERIES.getBytes(StandardCharsets.UTF_8));
        record.headers().add("subscriptionId", d.subscriptionId().getBytes(StandardCharsets.UTF_8));
        return producer.send(record);
    }

    private static String reason(Delivery d) {
        return "webhook delivery failed " + d.attempts() + " times since " + d.createdAt() + "; last error: " + d.lastError();
    }
}

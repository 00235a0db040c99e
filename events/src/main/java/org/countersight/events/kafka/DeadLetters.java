package org.countersight.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.events.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Sends a record a service cannot process to {@code <topic>.dlq}: its key, value and headers, plus the reason
 * and where it came from in {@code dead-letter-*} headers. The producer is made on the first dead letter.
 */
public final class DeadLetters implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private final KafkaConnection kafka;
    private final String clientId;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(KafkaConnection kafka, String clientId) {
        this.kafka = kafka;
        this.clientId = clientId;
    }

    /** The dead letter of {@code failed}. */
    public static ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> failed, String reason) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(failed.topic() + Topics.DLQ_SUFFIX, failed.key(), failed.value());
        failed.headers().forEach(h -> out.headers().add(h));
        out.headers().add(REASON, bytes(reason));
        out.headers().add(TOPIC, bytes(failed.topic()));
        out.headers().add(PARTITION, bytes(Integer.toString(failed.partition())));
        out.headers().add(OFFSET, bytes(Long.toString(failed.offset())));
        return out;
    }

    /** Sends the dead letter and waits for the broker's ack, so the caller may move past the record. */
    public void send(ConsumerRecord<String, byte[]> failed, String reason, Duration timeout) throws Exception {
        ProducerRecord<String, byte[]> out = deadLetter(failed, reason);
        producer().send(out).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.warning(describe(failed) + " sent to " + out.topic() + ": " + reason);
    }

    /** Sends the dead letter without waiting; a failure to write it is logged, never thrown. */
    public void offer(ConsumerRecord<String, byte[]> failed, String reason) {
        ProducerRecord<String, byte[]> out = deadLetter(failed, reason);
        try {
            producer().send(out, (meta, error) -> {
                if (error != null) {
                    LOG.warning("cannot write the dead letter of " + describe(failed) + ": " + error.getMessage());
                } else {
                    LOG.warning(describe(failed) + " sent to " + out.topic() + ": " + reason);
                }
            });
        } catch (RuntimeException e) {
            // send() throws when the topic's metadata stays unavailable for max.block.ms
            LOG.warning("cannot write the dead letter of " + describe(failed) + ": " + e.getMessage());
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = kafka.newProducer(clientId, KafkaConnection.WriteProfile.PROMPT);
        }
        return producer;
    }

    private static String describe(ConsumerRecord<String, byte[]> r) {
        return "record " + r.topic() + "-" + r.partition() + "@" + r.offset() + " (key " + r.key() + ")";
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}

package org.countersight.api.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.events.Topics;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Sends records this service cannot process to {@code <topic>.dlq}, with the reason in headers, and waits for the ack. */
public final class DeadLetters implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaClients clients;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(KafkaClients clients) {
        this.clients = clients;
    }

    public synchronized void send(ConsumerRecord<String, byte[]> record, String reason) throws Exception {
        if (producer == null) {
            producer = clients.producer("api-dlq");
        }
        String dlq = record.topic() + Topics.DLQ_SUFFIX;
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(dlq, record.key(), record.value());
        record.headers().forEach(h -> out.headers().add(h));
        out.headers().add("dead-letter-reason", bytes(reason));
        out.headers().add("dead-letter-topic", bytes(record.topic()));
        out.headers().add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        out.headers().add("dead-letter-offset", bytes(Long.toString(record.offset())));
        producer.send(out).get(30, TimeUnit.SECONDS);
        LOG.warnf("record %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(), dlq, reason);
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}

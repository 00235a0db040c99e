package org.countersight.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * State that several instances must agree on, kept in a one-partition topic that every instance writes to and
 * reads in full. Each instance hands every record, in the topic's order, to the same deterministic state machine
 * ({@code apply}), so all instances (and an instance restarted later) reach the same state and the same decisions;
 * "first claim wins" is decided by the topic's order, not by whoever is faster in memory.
 * <p>
 * A writer {@link #append appends} its claim (acks=all, idempotent) and {@link #awaitApplied waits} until its own
 * reader has applied it; the state machine's answer for that claim is then final. Memory is only the state machine's
 * cache of the log: on start the log is read from the beginning (by a {@link TopicReader}).
 */
public final class SharedLog implements AutoCloseable {

    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicReader reader;

    /**
     * @param kafka the connection, its overrides (security etc.) for both the producer and the reader
     * @param apply the state machine; runs on the reader thread, one record at a time, in offset order
     */
    public SharedLog(KafkaConnection kafka, String topic, String clientId, Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.producer = kafka.newProducer(clientId + "-writer", KafkaConnection.WriteProfile.STATE_LOG);
        Map<String, Object> reading = kafka.reader(clientId + "-reader");
        reading.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        reading.putAll(kafka.overrides());
        this.reader = new TopicReader("shared-log-" + topic, reading, List.of(topic), TopicReader.eachRecord(topic, apply));
    }

    public SharedLog start() {
        reader.start();
        return this;
    }

    /** Waits until every record that existed when the reader started has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return reader.awaitCaughtUp(timeout);
    }

    public boolean isCaughtUp() {
        return reader.isCaughtUp();
    }

    public boolean isAlive() {
        return reader.isRunning();
    }

    /** Sends a record without waiting; {@link #offsetOf} waits for its acknowledgement. */
    public Future<RecordMetadata> send(String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, 0, key, value));
    }

    /** The offset of a sent record once the cluster acknowledged it (all in-sync replicas). */
    public static long offsetOf(Future<RecordMetadata> sent, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to the state log: " + e.getCause(), e.getCause());
        }
    }

    /** Writes one record and waits for its acknowledgement. @return its offset */
    public long append(String key, byte[] value, Duration timeout) throws InterruptedException, TimeoutException {
        return offsetOf(send(key, value), timeout);
    }

    /** Appends several records and waits for all acknowledgements. @return the highest offset, -1 for none */
    public long appendAll(List<Map.Entry<String, byte[]>> records, Duration timeout) throws InterruptedException, TimeoutException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (Map.Entry<String, byte[]> r : records) {
            sent.add(send(r.getKey(), r.getValue()));
        }
        long max = -1;
        for (Future<RecordMetadata> f : sent) {
            max = Math.max(max, offsetOf(f, timeout));
        }
        return max;
    }

    /** Waits until the record at {@code offset} (and every one before it) has been applied by this instance. */
    public void awaitApplied(long offset, Duration timeout) throws InterruptedException, TimeoutException {
        reader.awaitHandled(partition, offset, timeout);
    }

    @Override
    public void close() {
        reader.close();
        producer.close(Duration.ofSeconds(5));
    }
}

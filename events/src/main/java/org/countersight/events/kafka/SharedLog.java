package org.countersight.events.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * State that several instances must agree on, kept in a one-partition topic that every instance writes to and
 * reads in full. Each instance hands every record, in the topic's order, to the same deterministic state machine
 * ({@code apply}), so all instances (and an instance restarted later) reach the same state and the same decisions;
 * "first claim wins" is decided by the topic's order, not by whoever is faster in memory.
 * <p>
 * A writer {@link #append appends} its claim (acks=all, idempotent) and {@link #awaitApplied waits} until its own
 * reader has applied it; the state machine's answer for that claim is then final. Memory is only the state machine's
 * cache of the log: on start the log is read from the beginning.
 */
public final class SharedLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SharedLog.class.getName());

    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;
    private final Thread thread;
    private final Object progress = new Object();
    private volatile boolean running = true;
    private volatile String failure;
    private long applied = 0; // offset of the next record to apply, guarded by progress
    private long endAtStart = -1;

    /**
     * @param clientOverrides extra client properties (security etc.) for both the producer and the reader
     * @param apply           the state machine; runs on the reader thread, one record at a time, in offset order
     */
    public SharedLog(String bootstrapServers, Map<String, ?> clientOverrides, String topic, String clientId,
                     Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.apply = apply;
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-writer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(clientOverrides);
        this.producer = new KafkaProducer<>(p);
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-reader");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.putAll(clientOverrides);
        this.consumer = new KafkaConsumer<>(c);
        this.thread = new Thread(this::run, "shared-log-" + topic);
        this.thread.setDaemon(true);
    }

    public SharedLog start() {
        thread.start();
        return this;
    }

    /** Waits until every record that existed when the reader started has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (endAtStart < 0 || applied < endAtStart) {
                checkAlive();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
            return true;
        }
    }

    public boolean isCaughtUp() {
        synchronized (progress) {
            return endAtStart >= 0 && applied >= endAtStart;
        }
    }

    public boolean isAlive() {
        return thread.isAlive() && failure == null;
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
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (applied <= offset) {
                checkAlive();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("the reader of " + topic + " has not reached offset " + offset
                            + " within " + timeout + " (at " + applied + ")");
                }
                progress.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    private void checkAlive() {
        if (failure != null) {
            throw new IllegalStateException("the reader of " + topic + " stopped: " + failure);
        }
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(60)).get(partition);
            synchronized (progress) {
                endAtStart = end;
                applied = consumer.position(partition, Duration.ofSeconds(60)); // after retention: not 0
                progress.notifyAll();
            }
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        apply.accept(record);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "skipping record " + topic + "@" + record.offset() + ": " + e.getMessage());
                    }
                    synchronized (progress) {
                        applied = record.offset() + 1;
                        progress.notifyAll();
                    }
                }
                // offsets of aborted/compacted records have no record: the position says how far the log was read
                long position = consumer.position(partition);
                synchronized (progress) {
                    if (position > applied) {
                        applied = position;
                        progress.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = "woken up unexpectedly";
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.log(Level.SEVERE, "reader of " + topic + " stopped", e);
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

package org.countersight.events.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads every partition of some topics on its own thread, without a consumer group, from the beginning (or from
 * offsets the handler keeps), reports when it has caught up with the end offsets seen at start, then keeps
 * following. Rebuilds state that Kafka holds (compacted state topics, the seen article ids, a {@link SharedLog}) and
 * feeds per-instance views (each api replica's index and alert buffer).
 * <p>
 * A batch whose handler throws is read again after a pause (handlers are idempotent upserts); a handler made by
 * {@link #eachRecord} instead logs and skips the one record it could not apply.
 */
public final class TopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicReader.class.getName());
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(60);

    /** Receives each polled batch on the reader thread. */
    public interface Handler {
        /** Where to start per partition: an offset, or null for the beginning. */
        default Long startOffset(TopicPartition partition) {
            return null;
        }

        void onBatch(ConsumerRecords<String, byte[]> records) throws Exception;

        /** Called after every poll, also an empty one (periodic work such as commits). */
        default void afterPoll() throws Exception {
        }

        /** Called once, on the reader thread, before the reader reports that it has caught up. */
        default void beforeCaughtUp() throws Exception {
        }

        /** Called on the reader thread just before the consumer closes. */
        default void onStop() {
        }
    }

    /** A handler that applies one record at a time; a record it cannot apply is logged and skipped. */
    public static Handler eachRecord(String name, Consumer<ConsumerRecord<String, byte[]>> apply) {
        return records -> {
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    apply.accept(r);
                } catch (RuntimeException e) {
                    LOG.warning(name + ": skipping record " + r.topic() + "-" + r.partition() + "@" + r.offset()
                            + ": " + e.getMessage());
                }
            }
        };
    }

    private final String name;
    private final Map<String, Object> consumerProperties;
    private final List<String> topics;
    private final Handler handler;
    private final ReadProgress progress;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long recordsRead;
    private volatile Thread thread;

    /** @param consumerProperties a group-less consumer's, from {@link KafkaConnection#reader} */
    public TopicReader(String name, Map<String, Object> consumerProperties, List<String> topics, Handler handler) {
        this.name = name;
        this.consumerProperties = Map.copyOf(consumerProperties);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.progress = new ReadProgress(name, () -> failure);
    }

    public synchronized TopicReader start() {
        if (thread == null) {
            running = true;
            thread = new Thread(this::run, "reader-" + name);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    public boolean isStarted() {
        return thread != null;
    }

    /** Started, its thread alive and not stopped by an error. */
    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive() && failure == null;
    }

    public boolean isCaughtUp() {
        return progress.isCaughtUp();
    }

    /** @return true once every record that existed at start has been handled */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return progress.awaitCaughtUp(timeout);
    }

    /** Waits until the record at {@code offset} of the partition (and every one before it) has been handled. */
    public void awaitHandled(TopicPartition partition, long offset, Duration timeout) throws InterruptedException, TimeoutException {
        progress.awaitHandled(partition, offset, timeout);
    }

    /** The error that stopped the reader, or null. */
    public Throwable failure() {
        return failure;
    }

    public long recordsRead() {
        return recordsRead;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = null;
        try {
            c = new KafkaConsumer<>(consumerProperties);
            consumer = c;
            List<TopicPartition> partitions = partitionsOf(c);
            c.assign(partitions);
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Long offset = handler.startOffset(tp);
                if (offset == null) {
                    fromStart.add(tp);
                } else {
                    c.seek(tp, offset);
                }
            }
            if (!fromStart.isEmpty()) {
                c.seekToBeginning(fromStart); // an empty list would mean "all assigned partitions"
            }
            Map<TopicPartition, Long> end = c.endOffsets(partitions, METADATA_WAIT);
            progress.started(end);
            recordProgress(c); // after retention the first offset is not 0
            LOG.info(name + " reads " + partitions + "; from the beginning: " + fromStart + "; end offsets " + end);
            long start = System.nanoTime();
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                if (!records.isEmpty()) {
                    try {
                        handler.onBatch(records);
                    } catch (Exception e) {
                        LOG.log(Level.SEVERE, name + " could not process a batch; reading it again in 1 s", e);
                        for (TopicPartition tp : records.partitions()) {
                            c.seek(tp, records.records(tp).get(0).offset());
                        }
                        sleepQuietly(1000);
                        continue;
                    }
                    recordsRead += records.count();
                }
                // offsets of compacted (or aborted) records have no record: the position says how far the log was read
                recordProgress(c);
                handler.afterPoll();
                if (!progress.isCaughtUp() && progress.reachedEnd()) {
                    handler.beforeCaughtUp();
                    LOG.info(name + " caught up: " + recordsRead + " records in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                    progress.markCaughtUp();
                }
            }
        } catch (WakeupException e) {
            // close() during start-up
        } catch (Throwable t) {
            failure = t;
            LOG.log(Level.SEVERE, name + " stopped with an error", t);
        } finally {
            try {
                handler.onStop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + ": error while stopping", e);
            }
            running = false;
            consumer = null;
            progress.wake();
            if (c != null) {
                c.close(Duration.ofSeconds(5));
            }
        }
    }

    private void recordProgress(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : c.assignment()) {
            positions.put(tp, c.position(tp, METADATA_WAIT));
        }
        progress.handledUpTo(positions);
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = c.partitionsFor(topic, METADATA_WAIT);
            // A topic created a moment ago may not be in the metadata yet: ask again for a while.
            long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
            while ((infos == null || infos.isEmpty()) && running && System.nanoTime() < deadline) {
                sleepQuietly(200);
                infos = c.partitionsFor(topic, METADATA_WAIT);
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions; was it created?");
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

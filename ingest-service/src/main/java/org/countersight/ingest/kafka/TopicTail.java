package org.countersight.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads every partition of a (compacted) topic from the beginning in its own thread, without a consumer group,
 * hands each record to a callback, tells when it has caught up with the end offsets it saw at start, and then
 * keeps following the topic. Used to rebuild state that Kafka holds: the seen article ids, the source statuses.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicTail.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<ConsumerRecord<String, byte[]>> onRecord;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long recordsRead;

    public TopicTail(KafkaSettings kafka, String topic, String clientId, Consumer<ConsumerRecord<String, byte[]>> onRecord) {
        this.topic = topic;
        this.onRecord = onRecord;
        this.consumer = new KafkaConsumer<>(KafkaClients.reader(kafka, clientId));
        this.thread = new Thread(this::run, "tail-" + topic);
        this.thread.setDaemon(true);
    }

    public TopicTail start() {
        thread.start();
        return this;
    }

    /** @return true once every record that existed at start has been handed to the callback */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    public long recordsRead() {
        return recordsRead;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            long start = System.nanoTime();
            while (running) {
                if (caughtUp.getCount() > 0 && reached(end)) {
                    LOG.infof("read %s to its end: %d records in %d ms", topic, recordsRead,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    caughtUp.countDown();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    recordsRead++;
                    try {
                        onRecord.accept(record);
                    } catch (RuntimeException e) {
                        LOG.warnf("skipping record %s-%d@%d of %s: %s", topic, record.partition(), record.offset(), topic, e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.errorf(e, "reader of %s woken up unexpectedly", topic);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "reader of %s stopped: %s", topic, e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
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
    }
}

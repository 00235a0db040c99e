package org.countersight.api.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads every partition of some topics on its own thread, without a consumer group: each api-service
 * replica needs the whole stream (its own index, its own alert buffer, its own source view).
 * Reports when it has caught up with the end offsets seen at start, so readiness can wait for that.
 */
public final class AllPartitionsReader {

    private static final Logger LOG = Logger.getLogger(AllPartitionsReader.class);

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

    private final String name;
    private final Supplier<KafkaConsumer<String, byte[]>> consumerFactory;
    private final List<String> topics;
    private final Handler handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public AllPartitionsReader(String name, Supplier<KafkaConsumer<String, byte[]>> consumerFactory,
                               List<String> topics, Handler handler) {
        this.name = name;
        this.consumerFactory = consumerFactory;
        this.topics = List.copyOf(topics);
        this.handler = handler;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "reader-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive() && failure == null;
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Throwable failure() {
        return failure;
    }

    public void stop() {
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
        try (KafkaConsumer<String, byte[]> c = consumerFactory.get()) {
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
            Map<TopicPartition, Long> target = new HashMap<>(c.endOffsets(partitions));
            LOG.infof("%s reads %s; from the beginning: %s; end offsets %s", name, partitions, fromStart, target);
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(200));
                } catch (WakeupException e) {
                    break;
                }
                if (!records.isEmpty()) {
                    try {
                        handler.onBatch(records);
                    } catch (Exception e) {
                        // Re-read the same batch after a pause: handlers are idempotent upserts.
                        LOG.errorf(e, "%s could not process a batch; retrying it in 1 s", name);
                        for (TopicPartition tp : records.partitions()) {
                            c.seek(tp, records.records(tp).get(0).offset());
                        }
                        sleepQuietly(1000);
                        continue;
                    }
                }
                handler.afterPoll();
                if (caughtUp.getCount() > 0 && reached(c, target)) {
                    handler.beforeCaughtUp();
                    LOG.infof("%s caught up", name);
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // stop() during start-up
        } catch (Throwable t) {
            failure = t;
            LOG.errorf(t, "%s stopped with an error", name);
        } finally {
            try {
                handler.onStop();
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: error while stopping", name);
            }
            consumer = null;
            running = false;
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(60));
            // A topic created a moment ago may not be in the metadata yet: ask again for a while.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((infos == null || infos.isEmpty()) && running && System.nanoTime() < deadline) {
                sleepQuietly(200);
                infos = c.partitionsFor(topic, Duration.ofSeconds(60));
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

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> target) {
        Collection<TopicPartition> assigned = c.assignment();
        for (TopicPartition tp : assigned) {
            Long end = target.get(tp);
            if (end != null && c.position(tp) < end) {
                return false;
            }
        }
        return true;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.countersight.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.Topics;
import org.countersight.events.kafka.DeadLetters;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the compacted {@code sources} topic in the one consumer group of all ingest instances, so the group's
 * partition assignment decides which instance polls which source. It is a state topic: newly assigned
 * partitions are read from the beginning, and the sources of revoked (or lost) partitions are dropped before
 * another instance gets them. No offsets are committed: the state is always rebuilt from the topic.
 * A record that is not a valid Source goes to {@code sources.dlq} and reading goes on.
 */
public final class SourcesConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourcesConsumer.class);

    /** What the consumer tells the poller. Called on the consumer's own thread. */
    public interface Listener {
        void sourceUpdated(int partition, Source source);

        void sourceRemoved(String sourceId);

        void partitionsAssigned(Set<Integer> partitions);

        void partitionsRevoked(Set<Integer> partitions);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Listener listener;
    private final DeadLetters deadLetters;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean polling;

    public SourcesConsumer(KafkaSettings kafka, String clientId, Listener listener) {
        Map<String, Object> p = kafka.connection().groupConsumer(clientId, kafka.groupId());
        // a re-balance moves only the partitions that change owner; the others keep being polled
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.putAll(kafka.clientOverrides());
        this.consumer = new KafkaConsumer<>(p);
        this.listener = listener;
        this.deadLetters = new DeadLetters(kafka.connection(), clientId + "-dlq");
        this.thread = new Thread(this::run, "sources-consumer");
        this.thread.setDaemon(true);
    }

    public SourcesConsumer start() {
        thread.start();
        return this;
    }

    public boolean isAlive() {
        return thread.isAlive() && polling;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.SOURCES), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        LOG.infof("sources partitions revoked: %s", numbers(partitions));
                        listener.partitionsRevoked(numbers(partitions));
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        LOG.warnf("sources partitions lost: %s", numbers(partitions));
                        listener.partitionsRevoked(numbers(partitions));
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        LOG.infof("sources partitions assigned: %s (reading them from the beginning)", numbers(partitions));
                        consumer.seekToBeginning(partitions);
                        listener.partitionsAssigned(numbers(partitions));
                    }
                }
            });
            while (running) {
                polling = true;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("sources consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "sources consumer stopped: %s", e.getMessage());
        } finally {
            polling = false;
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warnf("closing the sources consumer: %s", e.getMessage());
            }
            deadLetters.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (record.value() == null) {
            if (key != null) {
                listener.sourceRemoved(key);
            }
            return;
        }
        Source source;
        try {
            source = Json.read(record.value(), Source.class);
            if (source.id() == null || source.url() == null || source.url().isBlank()) {
                throw new IllegalArgumentException("a source needs an id and a url");
            }
            if (key != null && !key.equals(source.id())) {
                throw new IllegalArgumentException("key " + key + " differs from the source id " + source.id());
            }
        } catch (RuntimeException e) {
            deadLetters.offer(record, "not a valid Source: " + e.getMessage());
            return;
        }
        listener.sourceUpdated(record.partition(), source);
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

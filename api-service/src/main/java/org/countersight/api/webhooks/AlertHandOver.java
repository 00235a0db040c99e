package org.countersight.api.webhooks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.countersight.events.Topics;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link WebhookDispatcher}'s side of {@code alerts}: each batch of alerts is handed to {@link FanOut}, and the
 * alerts' offsets are committed once its deliveries are acknowledged. One hand-over at a time: the alert partitions
 * stay paused until it is done, and a failed one is read again after a pause. Runs on the consumer thread only.
 */
final class AlertHandOver {

    private static final Logger LOG = Logger.getLogger(AlertHandOver.class);
    private static final Duration HAND_OVER_RETRY = Duration.ofSeconds(1);

    private final FanOut fanOut;
    private FanOut.HandOver handOver;
    private Instant handOverRetryAt = Instant.MIN;

    AlertHandOver(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /** One hand-over at a time: the alert partitions wait (paused) until its writes are acknowledged. */
    void pauseAlertsWhileHandingOver(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> alertPartitions = c.assignment().stream().filter(tp -> tp.topic().equals(Topics.ALERTS)).toList();
        if (handOver != null || Instant.now().isBefore(handOverRetryAt)) {
            c.pause(alertPartitions);
        } else if (!c.paused().isEmpty()) {
            c.resume(c.paused());
        }
    }

    /** Starts writing a PENDING delivery per matching subscription; the offsets are committed once acknowledged. */
    void handOver(KafkaConsumer<String, byte[]> c, List<ConsumerRecord<String, byte[]>> alerts) {
        if (handOver != null) {
            // fetched just before the pause took effect: read them again after the current hand-over
            Map<TopicPartition, Long> first = new HashMap<>();
            alerts.forEach(r -> first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset()));
            first.forEach(c::seek);
            return;
        }
        handOver = fanOut.start(alerts);
    }

    void finishHandOver(KafkaConsumer<String, byte[]> c) {
        if (handOver == null || !handOver.acks().done()) {
            return;
        }
        FanOut.HandOver h = handOver;
        handOver = null;
        Exception e = h.acks().failure();
        if (e == null) {
            try {
                c.commitSync(h.commit());
                return;
            } catch (WakeupException stopping) {
                throw stopping;
            } catch (RuntimeException commitFailure) {
                e = commitFailure;
            }
        }
        LOG.warnf("could not hand over alerts to webhook deliveries (%s); retrying", e.getMessage());
        // Re-read the same alerts; deliveries already written are keyed the same and collapse on compaction.
        h.first().forEach(c::seek);
        handOverRetryAt = Instant.now().plus(HAND_OVER_RETRY);
    }

    /** Partitions that left this replica: a hand-over that touches them is dropped. */
    void forget(Collection<TopicPartition> partitions) {
        if (handOver != null && handOver.touches(partitions)) {
            // its alerts are re-read from the last commit by whoever owns them now; rewritten deliveries collapse
            handOver = null;
        }
    }
}

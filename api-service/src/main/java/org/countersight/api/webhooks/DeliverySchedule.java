package org.countersight.api.webhooks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.countersight.events.Json;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The pending deliveries of the {@code alerts.webhooks} partitions this replica owns, rebuilt from those partitions
 * on every assignment, and which of them are due. Used only by the dispatcher's consumer thread.
 */
final class DeliverySchedule {

    private static final Logger LOG = Logger.getLogger(DeliverySchedule.class);

    record Job(int partition, Delivery delivery) {
    }

    private final Map<String, Job> pending = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Set<Integer> owned = new HashSet<>();
    /** Partitions still being re-read, with the end offset that completes them: nothing of theirs is due before. */
    private final Map<TopicPartition, Long> loading = new HashMap<>();

    /** Newly assigned partitions, read from the start up to these end offsets. */
    void assigned(Map<TopicPartition, Long> ends) {
        loading.putAll(ends);
        ends.keySet().forEach(tp -> owned.add(tp.partition()));
    }

    void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            owned.remove(tp.partition());
            loading.remove(tp);
            pending.values().removeIf(j -> j.partition() == tp.partition());
        }
    }

    void caughtUp(ToLongFunction<TopicPartition> position) {
        loading.entrySet().removeIf(e -> position.applyAsLong(e.getKey()) >= e.getValue());
    }

    boolean owns(int partition) {
        return owned.contains(partition);
    }

    /** Whether an attempt of one of these partitions is still running or its outcome is not yet recorded. */
    boolean busy(Set<Integer> partitions) {
        return inFlight.stream().anyMatch(key -> {
            Job job = pending.get(key);
            return job != null && partitions.contains(job.partition());
        });
    }

    /** A record read from {@code alerts.webhooks}: the latest state of one delivery. */
    void read(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            pending.remove(r.key());
            return;
        }
        Delivery d;
        try {
            d = Json.read(r.value(), Delivery.class);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable delivery %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (inFlight.contains(r.key())) {
            return; // our own earlier write read back while an attempt runs; the attempt's outcome decides
        }
        if (d.pending()) {
            pending.put(r.key(), new Job(r.partition(), d));
        } else {
            pending.remove(r.key());
        }
    }

    /** The deliveries due now, of fully loaded partitions, so that at most {@code concurrency} are in flight. */
    List<Job> due(Instant now, int concurrency) {
        List<Job> out = new ArrayList<>();
        if (pending.isEmpty()) {
            return out;
        }
        Set<Integer> stillLoading = new HashSet<>();
        loading.keySet().forEach(tp -> stillLoading.add(tp.partition()));
        int free = Math.max(1, concurrency) - inFlight.size();
        for (Map.Entry<String, Job> e : pending.entrySet()) {
            if (free <= 0) {
                break;
            }
            Job job = e.getValue();
            Delivery d = job.delivery();
            if (inFlight.contains(e.getKey()) || stillLoading.contains(job.partition())
                    || (d.nextAttemptAt() != null && d.nextAttemptAt().isAfter(now))) {
                continue;
            }
            inFlight.add(e.getKey());
            free--;
            out.add(job);
        }
        return out;
    }

    /**
     * An attempt's new state is acknowledged: it replaces the old one if the partition was this replica's when the
     * attempt ended ({@code owned}) and still is.
     */
    void settled(int partition, Delivery state, boolean owned) {
        inFlight.remove(state.id());
        if (!owned || !this.owned.contains(partition)) {
            return; // the partition moved while the call ran; its new owner decides
        }
        if (state.pending()) {
            pending.put(state.id(), new Job(partition, state));
        } else {
            pending.remove(state.id());
        }
    }

    /** An attempt's new state could not be written: the delivery stays pending as {@code retry}. */
    void notRecorded(int partition, Delivery retry) {
        inFlight.remove(retry.id());
        if (owned.contains(partition)) {
            pending.put(retry.id(), new Job(partition, retry));
        }
    }
}

package org.countersight.api.webhooks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.countersight.events.Alert;
import org.countersight.events.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Alerts to deliveries: a PENDING {@link Delivery} per alert and subscription that wants it, written to
 * {@code alerts.webhooks} without waiting. The {@link HandOver} says when every write is acknowledged, so the
 * alerts' offsets can be committed, and where to re-read from if one failed.
 */
final class FanOut {

    /** The writes of one batch of alerts, the offsets to commit once they are acknowledged, and where the batch began. */
    record HandOver(Map<TopicPartition, OffsetAndMetadata> commit, Map<TopicPartition, Long> first, Acks acks) {

        boolean touches(Collection<TopicPartition> partitions) {
            return partitions.stream().anyMatch(commit::containsKey);
        }
    }

    private final Supplier<Collection<Subscription>> subscriptions;
    private final Function<Delivery, Future<RecordMetadata>> write;

    FanOut(Supplier<Collection<Subscription>> subscriptions, Function<Delivery, Future<RecordMetadata>> write) {
        this.subscriptions = subscriptions;
        this.write = write;
    }

    /** The deliveries one alert makes: one per subscription that wants it. */
    static List<Delivery> deliveries(Alert alert, Collection<Subscription> subscriptions, Instant now) {
        List<Delivery> out = new ArrayList<>();
        for (Subscription s : subscriptions) {
            if (s.wants(alert)) {
                out.add(Delivery.first(s, alert, now));
            }
        }
        return out;
    }

    HandOver start(List<ConsumerRecord<String, byte[]>> alerts) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Collection<Subscription> subs = subscriptions.get();
        for (ConsumerRecord<String, byte[]> r : alerts) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
            Alert alert = parse(r);
            if (alert == null) {
                continue; // AlertHub dead-letters unreadable alerts; here they simply match nothing
            }
            for (Delivery d : deliveries(alert, subs, now)) {
                writes.add(write.apply(d));
            }
        }
        return new HandOver(commit, first, new Acks(writes));
    }

    private static Alert parse(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            Alert a = Json.read(r.value(), Alert.class);
            return a == null || a.articleId() == null ? null : a;
        } catch (RuntimeException e) {
            return null;
        }
    }
}

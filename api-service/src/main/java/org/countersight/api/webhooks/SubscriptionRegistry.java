package org.countersight.api.webhooks;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.api.kafka.StateTopic;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every replica's view of the compacted {@code subscriptions} topic and of the delivery states on
 * {@code alerts.webhooks} (the last few per subscription), both read from the beginning. Writes go to Kafka and
 * return once acknowledged; the view is updated at once so a client reads its own write.
 */
@ApplicationScoped
public class SubscriptionRegistry {

    private static final Logger LOG = Logger.getLogger(SubscriptionRegistry.class);

    private final int history;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    /** Per subscription: latest state per delivery id, in the order deliveries were last updated. */
    private final Map<String, LinkedHashMap<String, Delivery>> deliveries = new ConcurrentHashMap<>();
    private final StateTopic topic;

    public SubscriptionRegistry(KafkaClients clients, CountersightConfig config) {
        this.topic = new StateTopic(clients, "subscriptions", Topics.SUBSCRIPTIONS, "Subscription",
                Subscription.SCHEMA_VERSION, List.of(Topics.SUBSCRIPTIONS, WebhookTopics.DELIVERIES), this::apply);
        this.history = Math.max(1, config.webhooks().history());
    }

    /** Started and closed by {@code app.Lifecycle}; the webhook dispatcher waits for its view. */
    public StateTopic topic() {
        return topic;
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        try {
            if (r.topic().equals(Topics.SUBSCRIPTIONS)) {
                if (r.value() == null) {
                    subscriptions.remove(r.key());
                } else {
                    subscriptions.put(r.key(), Json.read(r.value(), Subscription.class));
                }
            } else if (r.value() != null) {
                record(Json.read(r.value(), Delivery.class));
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** Remembers the latest state of a delivery for GET /subscriptions/{id}; keeps only the last few per subscription. */
    void record(Delivery d) {
        if (d.subscriptionId() == null || d.id() == null) {
            return;
        }
        LinkedHashMap<String, Delivery> recent = deliveries.computeIfAbsent(d.subscriptionId(), k -> new LinkedHashMap<>());
        synchronized (recent) {
            recent.remove(d.id());
            recent.put(d.id(), d);
            while (recent.size() > history) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }

    public List<Subscription> list() {
        return subscriptions.values().stream()
                .sorted(Comparator.comparing(Subscription::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Subscription::id))
                .toList();
    }

    public Optional<Subscription> get(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    /** The most recently updated deliveries of a subscription, newest first. */
    public List<Delivery> recentDeliveries(String subscriptionId) {
        LinkedHashMap<String, Delivery> recent = deliveries.get(subscriptionId);
        if (recent == null) {
            return List.of();
        }
        List<Delivery> out;
        synchronized (recent) {
            out = new ArrayList<>(recent.values());
        }
        Collections.reverse(out);
        return out;
    }

    public synchronized void create(Subscription s) throws Exception {
        topic.put(s.id(), s);
        subscriptions.put(s.id(), s);
    }

    public synchronized void delete(String id) throws Exception {
        topic.delete(id);
        subscriptions.remove(id);
    }
}

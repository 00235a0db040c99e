package org.countersight.api.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.events.Alert;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicReader;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends alerts to webhook subscribers. One consumer per replica in the group {@code api-webhooks} reads two topics,
 * so the group shares the work among replicas:
 * <ol>
 *   <li>{@code alerts}: for each alert and each subscription that wants it, a PENDING {@link Delivery} is written to
 *       {@code alerts.webhooks}; the alert's offset is committed once those writes are acknowledged.</li>
 *   <li>{@code alerts.webhooks}: the owner of a partition reads it from the beginning (on every assignment), keeps
 *       its PENDING deliveries, attempts each when due and writes the outcome back (DELIVERED, PENDING with the next
 *       attempt time, DEAD after the give-up period with a copy on {@code alerts.webhooks.dlq}, CANCELLED when the
 *       subscription is gone). Offsets of this topic are never used: the state is the topic.</li>
 * </ol>
 * So an alert's offset is committed only once each of its deliveries is durably handed over, and a pending retry
 * survives a restart or moves to another replica with its partition. An orderly hand-over (rebalance, stop) first
 * finishes and records the calls in flight. Delivery is at least once: a replica that dies between a successful call
 * and writing DELIVERED makes the next owner call again; receivers can drop repeats by {@code X-Countersight-Delivery}.
 *
 * <p>The parts: {@link AlertHandOver} (alerts to deliveries through {@link FanOut}, offsets committed once they are
 * acknowledged), {@link DeliveryAttempts} (the calls; {@link RetryPolicy} turns a result into the next state,
 * {@link OutcomeRecorder} writes it back), {@link DeliverySchedule} (which deliveries are due). The consumer thread never waits on a write: hand-overs and
 * outcomes are checked on each loop, and the alert partitions are paused while a hand-over is unacknowledged.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** How long an orderly hand-over of delivery partitions waits for the calls in flight to be recorded. */
    private static final Duration REVOKE_GRACE = Duration.ofSeconds(30);

    /** The JSON body of a webhook call; identical on every attempt, so its signature is too. */
    public record Body(String type, String deliveryId, String subscriptionId, Alert alert) {
    }

    private final CountersightConfig.Webhooks config;
    private final KafkaClients clients;
    private final SubscriptionRegistry registry;
    private final OutcomeRecorder recorder;

    // consumer-thread state
    private final DeliverySchedule schedule = new DeliverySchedule();
    private final AlertHandOver alerts;
    private final DeliveryAttempts attempts;

    private volatile boolean running;
    private volatile boolean assigned;
    private volatile Throwable failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private ExecutorService workers;
    private KafkaProducer<String, byte[]> producer;

    public WebhookDispatcher(CountersightConfig config, KafkaClients clients, SubscriptionRegistry registry,
                             WebhookSender sender, MeterRegistry meters) {
        this.config = config.webhooks();
        this.clients = clients;
        this.registry = registry;
        this.recorder = new OutcomeRecorder(meters);
        this.alerts = new AlertHandOver(new FanOut(registry::list, recorder::write));
        this.attempts = new DeliveryAttempts(registry, sender, RetryPolicy.of(this.config), recorder, schedule);
    }

    public synchronized void start() {
        if (thread != null || !config.enabled()) {
            return;
        }
        running = true;
        workers = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
        producer = clients.producer("api-webhooks");
        recorder.use(producer);
        thread = new Thread(this::run, "webhook-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        if (workers != null) {
            workers.shutdownNow();
            workers = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** For readiness: null when disabled, else whether the group has assigned this replica its share. */
    public String state() {
        if (!config.enabled()) {
            return "disabled";
        }
        if (failure != null) {
            return "failed: " + failure.getMessage();
        }
        if (thread == null || !running) {
            return "not started";
        }
        return assigned ? "running" : "joining group";
    }

    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            if (!awaitSubscriptions()) {
                return;
            }
            try (KafkaConsumer<String, byte[]> c = clients.groupConsumer("api-webhooks-" + UUID.randomUUID(), WebhookTopics.GROUP)) {
                consumer = c;
                c.subscribe(List.of(Topics.ALERTS, WebhookTopics.DELIVERIES), new Rebalance(c));
                while (running) {
                    alerts.pauseAlertsWhileHandingOver(c);
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = c.poll(Duration.ofMillis(100));
                    } catch (WakeupException e) {
                        break;
                    }
                    List<ConsumerRecord<String, byte[]>> alertRecords = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        if (r.topic().equals(Topics.ALERTS)) {
                            alertRecords.add(r);
                        } else {
                            schedule.read(r);
                        }
                    }
                    if (!alertRecords.isEmpty()) {
                        alerts.handOver(c, alertRecords);
                    }
                    alerts.finishHandOver(c);
                    schedule.caughtUp(c::position);
                    attempts.collect();
                    attempts.startDue(workers, config.concurrency());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (Throwable t) {
            failure = t;
            LOG.errorf(t, "webhook dispatcher stopped with an error");
        } finally {
            consumer = null;
        }
    }

    /** Deliveries are matched against the subscriptions, so their view must be complete first. */
    private boolean awaitSubscriptions() {
        while (running) {
            TopicReader reader = registry.topic().reader();
            try {
                if (reader == null) {
                    Thread.sleep(100); // the registry has not started its reader yet
                } else if (reader.awaitCaughtUp(Duration.ofSeconds(1))) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // An orderly hand-over (a rebalance, this replica stopping): finish the calls in flight for these
            // partitions and record their outcome first, so the next owner does not find them PENDING and call
            // the receiver again. Only a crash (partitions lost) leaves a call to be repeated.
            finishInFlight(partitions, REVOKE_GRACE);
            forget(partitions);
        }

        private void finishInFlight(Collection<TopicPartition> partitions, Duration grace) {
            Set<Integer> revoked = new HashSet<>();
            partitions.stream().filter(tp -> tp.topic().equals(WebhookTopics.DELIVERIES))
                    .forEach(tp -> revoked.add(tp.partition()));
            long deadline = System.nanoTime() + grace.toNanos();
            while (!revoked.isEmpty() && System.nanoTime() < deadline) {
                attempts.collect();
                if (!schedule.busy(revoked)) {
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> deliveries = partitions.stream().filter(tp -> tp.topic().equals(WebhookTopics.DELIVERIES)).toList();
            if (!deliveries.isEmpty()) {
                // The state of these deliveries is the partition itself: rebuild it from the start.
                c.seekToBeginning(deliveries);
                schedule.assigned(c.endOffsets(deliveries));
            }
            assigned = true;
            LOG.infof("webhook dispatcher assigned %s", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            alerts.forget(partitions);
            schedule.revoked(partitions.stream().filter(tp -> tp.topic().equals(WebhookTopics.DELIVERIES)).toList());
        }
    }

}

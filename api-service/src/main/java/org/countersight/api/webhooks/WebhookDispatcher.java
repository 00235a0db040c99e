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
import org.countersight.api.kafka.AllPartitionsReader;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

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
 * <p>The parts: {@link FanOut} (alerts to deliveries), {@link RetryPolicy} (an attempt's result to the next state),
 * {@link OutcomeRecorder} (states written back). The consumer thread never waits on a write: hand-overs and
 * outcomes are checked on each loop, and the alert partitions are paused while a hand-over is unacknowledged.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration HAND_OVER_RETRY = Duration.ofSeconds(1);
    /** How long an orderly hand-over of delivery partitions waits for the calls in flight to be recorded. */
    private static final Duration REVOKE_GRACE = Duration.ofSeconds(30);

    /** The JSON body of a webhook call; identical on every attempt, so its signature is too. */
    public record Body(String type, String deliveryId, String subscriptionId, Alert alert) {
    }

    private record Outcome(DeliverySchedule.Job job, Delivery next) {
    }

    private final CountersightConfig.Webhooks config;
    private final KafkaClients clients;
    private final SubscriptionRegistry registry;
    private final WebhookSender sender;
    private final RetryPolicy retries;
    private final OutcomeRecorder recorder;
    private final FanOut fanOut;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    // consumer-thread state
    private final DeliverySchedule schedule = new DeliverySchedule();
    private final List<OutcomeRecorder.Recording> recordings = new ArrayList<>();
    private FanOut.HandOver handOver;
    private Instant handOverRetryAt = Instant.MIN;

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
        this.sender = sender;
        this.retries = RetryPolicy.of(this.config);
        this.recorder = new OutcomeRecorder(meters);
        this.fanOut = new FanOut(registry::list, recorder::write);
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
                    pauseAlertsWhileHandingOver(c);
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = c.poll(Duration.ofMillis(100));
                    } catch (WakeupException e) {
                        break;
                    }
                    List<ConsumerRecord<String, byte[]>> alerts = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        if (r.topic().equals(Topics.ALERTS)) {
                            alerts.add(r);
                        } else {
                            schedule.read(r);
                        }
                    }
                    if (!alerts.isEmpty()) {
                        handOver(c, alerts);
                    }
                    finishHandOver(c);
                    schedule.caughtUp(c::position);
                    drainOutcomes();
                    finishRecordings();
                    startDue();
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
            AllPartitionsReader reader = registry.reader();
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
                drainOutcomes();
                finishRecordings();
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
            if (handOver != null && handOver.touches(partitions)) {
                // its alerts are re-read from the last commit by whoever owns them now; rewritten deliveries collapse
                handOver = null;
            }
            schedule.revoked(partitions.stream().filter(tp -> tp.topic().equals(WebhookTopics.DELIVERIES)).toList());
        }
    }

    /** One hand-over at a time: the alert partitions wait (paused) until its writes are acknowledged. */
    private void pauseAlertsWhileHandingOver(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> alertPartitions = c.assignment().stream().filter(tp -> tp.topic().equals(Topics.ALERTS)).toList();
        if (handOver != null || Instant.now().isBefore(handOverRetryAt)) {
            c.pause(alertPartitions);
        } else if (!c.paused().isEmpty()) {
            c.resume(c.paused());
        }
    }

    /** Starts writing a PENDING delivery per matching subscription; the offsets are committed once acknowledged. */
    private void handOver(KafkaConsumer<String, byte[]> c, List<ConsumerRecord<String, byte[]>> alerts) {
        if (handOver != null) {
            // fetched just before the pause took effect: read them again after the current hand-over
            Map<TopicPartition, Long> first = new HashMap<>();
            alerts.forEach(r -> first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset()));
            first.forEach(c::seek);
            return;
        }
        handOver = fanOut.start(alerts);
    }

    private void finishHandOver(KafkaConsumer<String, byte[]> c) {
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

    /** Starts due deliveries of fully loaded partitions on the workers, at most {@code concurrency} at a time. */
    private void startDue() {
        for (DeliverySchedule.Job job : schedule.due(Instant.now(), config.concurrency())) {
            workers.submit(() -> outcomes.add(new Outcome(job, attempt(job.delivery()))));
        }
    }

    /** Runs on a worker thread: one call, and the state that follows from its result. */
    private Delivery attempt(Delivery d) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Subscription s = registry.get(d.subscriptionId()).orElse(null);
        if (s == null) {
            return d.cancelled(now);
        }
        byte[] body = Json.write(new Body("alert", d.id(), s.id(), d.alert()));
        WebhookSender.Result result;
        try {
            result = sender.send(s.url(), s.secret(), d.id(), d.attempts() + 1, body);
        } catch (RuntimeException e) { // fault tolerance: the call's timeout
            result = new WebhookSender.Result(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        recorder.attempted(result);
        return retries.after(d, result, Instant.now().truncatedTo(ChronoUnit.MILLIS), jitter());
    }

    /** On the consumer thread: starts writing each finished attempt's state (and dead letter). */
    private void drainOutcomes() {
        Outcome o;
        while ((o = outcomes.poll()) != null) {
            int partition = o.job().partition();
            recordings.add(recorder.record(o.job().delivery(), o.next(), partition, schedule.owns(partition)));
        }
    }

    /** On the consumer thread: once a state is acknowledged the schedule takes it; if it failed, the delivery is retried. */
    private void finishRecordings() {
        Iterator<OutcomeRecorder.Recording> it = recordings.iterator();
        while (it.hasNext()) {
            OutcomeRecorder.Recording r = it.next();
            if (!r.acks().done()) {
                continue;
            }
            it.remove();
            Exception e = r.acks().failure();
            if (e != null) {
                // Not recorded: keep the previous state, so the delivery is attempted again later.
                LOG.warnf("could not record the outcome of delivery %s (%s); it will be attempted again", r.delivery().id(),
                        e.getMessage());
                Instant now = Instant.now();
                schedule.notRecorded(r.partition(), r.before().attempted(Delivery.Status.PENDING, now,
                        now.plus(retries.backoff(1, jitter())), null, "outcome not recorded: " + e.getMessage()));
                continue;
            }
            recorder.acknowledged(r);
            if (r.apply() && schedule.owns(r.partition())) {
                registry.record(r.delivery());
            }
            schedule.settled(r.partition(), r.delivery(), r.apply());
        }
    }

    private static double jitter() {
        return ThreadLocalRandom.current().nextDouble() * 2 - 1;
    }
}

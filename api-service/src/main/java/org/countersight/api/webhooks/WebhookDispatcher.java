package org.countersight.api.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.events.Alert;
import org.countersight.events.Headers;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    /** The JSON body of a webhook call; identical on every attempt, so its signature is too. */
    public record Body(String type, String deliveryId, String subscriptionId, Alert alert) {
    }

    private record Job(int partition, Delivery delivery) {
    }

    private record Outcome(Job job, Delivery next) {
    }

    private final CountersightConfig.Webhooks config;
    private final KafkaClients clients;
    private final SubscriptionRegistry registry;
    private final WebhookSender sender;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dead;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    // consumer-thread state
    private final Map<String, Job> pending = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Set<Integer> ownedDeliveryPartitions = new HashSet<>();
    private final Map<TopicPartition, Long> loading = new HashMap<>();

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
        this.delivered = Counter.builder("countersight.webhooks.deliveries").tag("outcome", "delivered").register(meters);
        this.failed = Counter.builder("countersight.webhooks.deliveries").tag("outcome", "failed-attempt").register(meters);
        this.dead = Counter.builder("countersight.webhooks.deliveries").tag("outcome", "dead-lettered").register(meters);
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
            // Deliveries are matched against the subscriptions, so their view must be complete first.
            while (running && (registry.reader() == null || !registry.reader().awaitCaughtUp(Duration.ofSeconds(1)))) {
                // waiting
            }
            try (KafkaConsumer<String, byte[]> c = clients.groupConsumer("api-webhooks-" + UUID.randomUUID(), WebhookTopics.GROUP)) {
                consumer = c;
                c.subscribe(List.of(Topics.ALERTS, WebhookTopics.DELIVERIES), new Rebalance(c));
                while (running) {
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
                            applyDelivery(r);
                        }
                    }
                    if (!alerts.isEmpty()) {
                        handOver(c, alerts);
                    }
                    loading.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
                    drainOutcomes();
                    schedule();
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
            finishInFlight(partitions, Duration.ofSeconds(30));
            forget(partitions);
        }

        private void finishInFlight(Collection<TopicPartition> partitions, Duration timeout) {
            Set<Integer> revoked = new HashSet<>();
            partitions.stream().filter(tp -> tp.topic().equals(WebhookTopics.DELIVERIES)).forEach(tp -> revoked.add(tp.partition()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!revoked.isEmpty() && System.nanoTime() < deadline) {
                drainOutcomes();
                boolean busy = inFlight.stream().anyMatch(key -> {
                    Job job = pending.get(key);
                    return job != null && revoked.contains(job.partition());
                });
                if (!busy) {
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
                Map<TopicPartition, Long> ends = c.endOffsets(deliveries);
                loading.putAll(ends);
                deliveries.forEach(tp -> ownedDeliveryPartitions.add(tp.partition()));
            }
            assigned = true;
            LOG.infof("webhook dispatcher assigned %s", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                if (tp.topic().equals(WebhookTopics.DELIVERIES)) {
                    ownedDeliveryPartitions.remove(tp.partition());
                    loading.remove(tp);
                    pending.values().removeIf(j -> j.partition() == tp.partition());
                }
            }
        }
    }

    private void applyDelivery(ConsumerRecord<String, byte[]> r) {
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

    /** Writes a PENDING delivery per matching subscription, then commits the alerts' offsets. */
    private void handOver(KafkaConsumer<String, byte[]> c, List<ConsumerRecord<String, byte[]>> alerts) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (ConsumerRecord<String, byte[]> r : alerts) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
            Alert alert = parse(r);
            if (alert == null) {
                continue; // AlertHub dead-letters unreadable alerts; here they simply match nothing
            }
            for (Subscription s : registry.list()) {
                if (s.wants(alert)) {
                    Delivery d = Delivery.first(s, alert, now);
                    writes.add(write(d));
                }
            }
        }
        try {
            for (Future<RecordMetadata> f : writes) {
                f.get(30, TimeUnit.SECONDS);
            }
            c.commitSync(commit);
        } catch (Exception e) {
            LOG.warnf("could not hand over %d alerts to webhook deliveries (%s); retrying", alerts.size(), e.getMessage());
            // Re-read the same alerts; deliveries already written are keyed the same and collapse on compaction.
            first.forEach(c::seek);
            sleep(1000);
        }
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

    private Future<RecordMetadata> write(Delivery d) {
        return producer.send(new ProducerRecord<>(WebhookTopics.DELIVERIES, null, d.id(), Json.write(d),
                Headers.create("Delivery", Delivery.SCHEMA_VERSION)));
    }

    /** Starts due deliveries of fully loaded partitions, at most {@code concurrency} at a time. */
    private void schedule() {
        if (pending.isEmpty()) {
            return;
        }
        Set<Integer> stillLoading = new HashSet<>();
        loading.keySet().forEach(tp -> stillLoading.add(tp.partition()));
        Instant now = Instant.now();
        int free = Math.max(1, config.concurrency()) - inFlight.size();
        Iterator<Map.Entry<String, Job>> it = pending.entrySet().iterator();
        while (it.hasNext() && free > 0) {
            Map.Entry<String, Job> e = it.next();
            Job job = e.getValue();
            Delivery d = job.delivery();
            if (inFlight.contains(e.getKey()) || stillLoading.contains(job.partition())
                    || (d.nextAttemptAt() != null && d.nextAttemptAt().isAfter(now))) {
                continue;
            }
            inFlight.add(e.getKey());
            free--;
            workers.submit(() -> outcomes.add(new Outcome(job, attempt(d))));
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
        } catch (RuntimeException e) { // fault tolerance: timeout or bulkhead full
            result = new WebhookSender.Result(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Instant done = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (result.delivered()) {
            delivered.increment();
            return d.attempted(Delivery.Status.DELIVERED, done, null, result.status(), null);
        }
        failed.increment();
        Instant next = done.plus(backoff(d.attempts() + 1));
        if (next.isAfter(d.createdAt().plus(config.giveUpAfter()))) {
            return d.attempted(Delivery.Status.DEAD, done, null, result.status(), result.error());
        }
        return d.attempted(Delivery.Status.PENDING, done, next, result.status(), result.error());
    }

    /** initial × 2^(failures−1), capped, with ±10 % jitter so many failing deliveries do not retry in lockstep. */
    Duration backoff(int failures) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long base = initial;
        for (int i = 1; i < failures && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        double jitter = 0.9 + ThreadLocalRandom.current().nextDouble() * 0.2;
        return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
    }

    /** On the consumer thread: writes each finished attempt's state (and dead letters) and updates the schedule. */
    private void drainOutcomes() {
        Outcome o;
        while ((o = outcomes.poll()) != null) {
            Delivery next = o.next();
            String key = next.id();
            try {
                if (!ownedDeliveryPartitions.contains(o.job().partition())) {
                    // The partition moved while the call ran; its new owner decides (and may call again).
                    if (next.status() == Delivery.Status.DEAD) {
                        deadLetter(next);
                    }
                    if (next.status() != Delivery.Status.PENDING) {
                        write(next).get(30, TimeUnit.SECONDS);
                    }
                    continue;
                }
                if (next.status() == Delivery.Status.DEAD) {
                    deadLetter(next);
                }
                write(next).get(30, TimeUnit.SECONDS);
                registry.record(next);
                if (next.pending()) {
                    pending.put(key, new Job(o.job().partition(), next));
                } else {
                    pending.remove(key);
                }
            } catch (Exception e) {
                // Not recorded: keep the previous state, so the delivery is attempted again later.
                LOG.warnf("could not record the outcome of delivery %s (%s); it will be attempted again", key, e.getMessage());
                pending.put(key, new Job(o.job().partition(), o.job().delivery().attempted(Delivery.Status.PENDING,
                        Instant.now(), Instant.now().plus(backoff(1)), null, "outcome not recorded: " + e.getMessage())));
            } finally {
                inFlight.remove(key);
            }
        }
    }

    private void deadLetter(Delivery d) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(WebhookTopics.DLQ, null, d.id(), Json.write(d),
                Headers.create("Delivery", Delivery.SCHEMA_VERSION));
        String reason = "webhook delivery failed " + d.attempts() + " times since " + d.createdAt() + "; last error: " + d.lastError();
        record.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-topic", WebhookTopics.DELIVERIES.getBytes(StandardCharsets.UTF_8));
        record.headers().add("subscriptionId", d.subscriptionId().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(30, TimeUnit.SECONDS);
        dead.increment();
        LOG.warnf("delivery %s dead-lettered: %s", d.id(), reason);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

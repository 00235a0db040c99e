package org.countersight.api.webhooks;

import org.countersight.events.Json;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The webhook calls of the {@link WebhookDispatcher}: due deliveries run on the workers, each call's result becomes
 * the delivery's next state ({@link RetryPolicy}), and that state is written back ({@link OutcomeRecorder}) before
 * the {@link DeliverySchedule} takes it. Everything but the call itself runs on the dispatcher's consumer thread.
 */
final class DeliveryAttempts {

    private static final Logger LOG = Logger.getLogger(DeliveryAttempts.class);

    private record Outcome(DeliverySchedule.Job job, Delivery next) {
    }

    private final SubscriptionRegistry registry;
    private final WebhookSender sender;
    private final RetryPolicy retries;
    private final OutcomeRecorder recorder;
    private final DeliverySchedule schedule;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<OutcomeRecorder.Recording> recordings = new ArrayList<>();

    DeliveryAttempts(SubscriptionRegistry registry, WebhookSender sender, RetryPolicy retries, OutcomeRecorder recorder,
                     DeliverySchedule schedule) {
        this.registry = registry;
        this.sender = sender;
        this.retries = retries;
        this.recorder = recorder;
        this.schedule = schedule;
    }

    /** Starts due deliveries of fully loaded partitions on the workers, at most {@code concurrency} at a time. */
    void startDue(ExecutorService workers, int concurrency) {
        for (DeliverySchedule.Job job : schedule.due(Instant.now(), concurrency)) {
            workers.submit(() -> outcomes.add(new Outcome(job, attempt(job.delivery()))));
        }
    }

    /** On the consumer thread: records the finished attempts and settles the acknowledged records. */
    void collect() {
        drainOutcomes();
        finishRecordings();
    }

    /** Runs on a worker thread: one call, and the state that follows from its result. */
    private Delivery attempt(Delivery d) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Subscription s = registry.get(d.subscriptionId()).orElse(null);
        if (s == null) {
            return d.cancelled(now);
        }
        byte[] body = Json.write(new WebhookDispatcher.Body("alert", d.id(), s.id(), d.alert()));
        WebhookSender.Result result;
        try {
            result = sender.send(s.url(), s.secret(), d.id(), d.attempts() + 1, body);
        } catch (RuntimeException e) { // fault tolerance: the call's timeout
            result = new WebhookSender.Result(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        recorder.attempted(result);
        return retries.after(d, result, Instant.now().truncatedTo(ChronoUnit.MILLIS), jitter());
    }

    /** Starts writing each finished attempt's state (and dead letter). */
    private void drainOutcomes() {
        Outcome o;
        while ((o = outcomes.poll()) != null) {
            int partition = o.job().partition();
            recordings.add(recorder.record(o.job().delivery(), o.next(), partition, schedule.owns(partition)));
        }
    }

    /** Once a state is acknowledged the schedule takes it; if it failed, the delivery is retried. */
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

package org.countersight.api.webhooks;

import org.countersight.api.config.CountersightConfig;

import java.time.Duration;
import java.time.Instant;

/**
 * Pure: the state a delivery is in after one attempt. A 2xx is DELIVERED; anything else is retried after
 * {@code initialBackoff} × 2^(failures−1), at most {@code maxBackoff}, ±10 % jitter (so many failing deliveries do
 * not retry in lockstep), until the next attempt would fall after {@code giveUpAfter} from the delivery's creation:
 * then it is DEAD.
 */
public final class RetryPolicy {

    static final double JITTER = 0.1;

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration giveUpAfter;

    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.giveUpAfter = giveUpAfter;
    }

    public static RetryPolicy of(CountersightConfig.Webhooks config) {
        return new RetryPolicy(config.initialBackoff(), config.maxBackoff(), config.giveUpAfter());
    }

    /**
     * @param done   when the attempt ended
     * @param jitter a value in [-1, 1] (random in production)
     */
    public Delivery after(Delivery d, WebhookSender.Result result, Instant done, double jitter) {
        if (result.delivered()) {
            return d.attempted(Delivery.Status.DELIVERED, done, null, result.status(), null);
        }
        Instant next = done.plus(backoff(d.attempts() + 1, jitter));
        if (next.isAfter(d.createdAt().plus(giveUpAfter))) {
            return d.attempted(Delivery.Status.DEAD, done, null, result.status(), result.error());
        }
        return d.attempted(Delivery.Status.PENDING, done, next, result.status(), result.error());
    }

    /** initial × 2^(failures−1), capped at the maximum, then ±10 % by {@code jitter} in [-1, 1]; at least 1 ms. */
    public Duration backoff(int failures, double jitter) {
        long max = maxBackoff.toMillis();
        long base = initialBackoff.toMillis();
        for (int i = 1; i < failures && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        return Duration.ofMillis(Math.max(1, (long) (base * (1 + JITTER * jitter))));
    }
}

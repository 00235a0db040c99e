package org.countersight.api.webhooks;

import org.countersight.events.Alert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryPolicyTest {

    /** 30 s doubling up to 1 h, given up 24 h after the delivery was created. */
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24));
    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

    private static Delivery delivery(int attempts) {
        Alert alert = new Alert(Alert.SCHEMA_VERSION, "a1", null, "https://news.example.org/a1", "T", "s", "S", CREATED,
                CREATED, 0.9, List.of("KE"), List.of("cctv"), List.of());
        Delivery d = new Delivery(Delivery.SCHEMA_VERSION, "sub:a1", "sub", "a1", Delivery.Status.PENDING, attempts, CREATED,
                CREATED, null, null, null, alert);
        return d;
    }

    @Test
    void a2xxIsDelivered() {
        Instant done = CREATED.plusSeconds(1);
        Delivery d = policy.after(delivery(0), new WebhookSender.Result(204, null), done, 0);
        assertEquals(Delivery.Status.DELIVERED, d.status());
        assertEquals(1, d.attempts());
        assertEquals(204, d.lastHttpStatus());
        assertNull(d.nextAttemptAt());
        assertEquals(done, d.lastAttemptAt());
    }

    @Test
    void failuresAreRetriedWithADoublingCappedBackoff() {
        Instant done = CREATED.plusSeconds(1);
        Delivery first = policy.after(delivery(0), new WebhookSender.Result(500, "HTTP 500"), done, 0);
        assertEquals(Delivery.Status.PENDING, first.status());
        assertEquals(done.plusSeconds(30), first.nextAttemptAt());
        assertEquals("HTTP 500", first.lastError());
        Delivery third = policy.after(delivery(2), new WebhookSender.Result(null, "no answer within 10 s"), done, 0);
        assertEquals(done.plusSeconds(120), third.nextAttemptAt());
        assertEquals(Duration.ofHours(1), policy.backoff(20, 0), "capped");
        assertEquals(Duration.ofSeconds(33), policy.backoff(1, 1), "+10 %");
        assertEquals(Duration.ofSeconds(27), policy.backoff(1, -1), "-10 %");
    }

    @Test
    void aRetryThatWouldFallAfterTheGiveUpPeriodIsDead() {
        Instant late = CREATED.plus(Duration.ofHours(23)).plusSeconds(59 * 60 + 50);
        Delivery d = policy.after(delivery(9), new WebhookSender.Result(503, "HTTP 503"), late, 0);
        assertEquals(Delivery.Status.DEAD, d.status());
        assertEquals(10, d.attempts());
        assertNull(d.nextAttemptAt());
        assertEquals("HTTP 503", d.lastError());
    }
}

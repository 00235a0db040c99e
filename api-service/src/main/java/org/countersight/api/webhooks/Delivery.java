package org.countersight.api.webhooks;

import org.countersight.events.Alert;

import java.time.Instant;

/**
 * The state of one alert's delivery to one subscription, keyed by {@link #keyOf} on the internal topic
 * {@code alerts.webhooks} (compact + delete, 7 days). The replica that owns the record's partition in the
 * {@code api-webhooks} group makes the attempts and writes each outcome back, so the retry schedule survives
 * restarts and moves with the partition; every replica reads the whole topic to show recent deliveries.
 */
public record Delivery(
        int schemaVersion,
        String id,
        String subscriptionId,
        String articleId,
        Status status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Integer lastHttpStatus,
        String lastError,
        Alert alert) {

    public static final int SCHEMA_VERSION = 1;

    public enum Status {
        /** Waiting for its first attempt or for a retry at {@code nextAttemptAt}. */
        PENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Still failing after the give-up period; a copy went to {@code alerts.webhooks.dlq}. */
        DEAD,
        /** The subscription was deleted before the delivery succeeded. */
        CANCELLED
    }

    public static String keyOf(String subscriptionId, String articleId) {
        return subscriptionId + ":" + articleId;
    }

    public static Delivery first(Subscription s, Alert alert, Instant now) {
        return new Delivery(SCHEMA_VERSION, keyOf(s.id(), alert.articleId()), s.id(), alert.articleId(), Status.PENDING, 0,
                now, now, null, null, null, alert);
    }

    public Delivery attempted(Status newStatus, Instant at, Instant next, Integer httpStatus, String error) {
        return new Delivery(schemaVersion, id, subscriptionId, articleId, newStatus, attempts + 1, createdAt, next, at,
                httpStatus, error, alert);
    }

    public Delivery cancelled(Instant at) {
        return new Delivery(schemaVersion, id, subscriptionId, articleId, Status.CANCELLED, attempts, createdAt, null, at,
                lastHttpStatus, "the subscription was deleted", alert);
    }

    public boolean pending() {
        return status == Status.PENDING;
    }
}

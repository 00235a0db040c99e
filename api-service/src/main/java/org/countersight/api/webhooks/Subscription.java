package org.countersight.api.webhooks;

import org.countersight.events.Alert;
import org.countersight.api.alerts.AlertFilter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A webhook subscription, keyed by {@code id} on the compacted {@code subscriptions} topic. Only api-service
 * reads and writes that topic, so the record lives here rather than in {@code events}. The secret is kept on
 * the topic (it is needed to sign every delivery) and never leaves the service through the API.
 */
public record Subscription(
        int schemaVersion,
        String id,
        String url,
        List<String> countries,
        List<String> categories,
        double minConfidence,
        String secret,
        Instant createdAt,
        /* The id of the API key that created it (ApiKeys.idOf); null for subscriptions made before owners were kept. */
        String owner) {

    public static final int SCHEMA_VERSION = 1;

    /** Alerts raised this long before a subscription was created still reach it (clock skew between hosts). */
    static final Duration CREATION_SLACK = Duration.ofMinutes(1);

    /**
     * Whether the caller with this key id may see and delete it: its owner, or any key for a subscription without an
     * owner (made before owners were recorded, when every key could manage every subscription).
     */
    public boolean visibleTo(String keyId) {
        return owner == null || owner.equals(keyId);
    }

    public AlertFilter filter() {
        return new AlertFilter(countries == null ? Set.of() : Set.copyOf(countries),
                categories == null ? Set.of() : Set.copyOf(categories), minConfidence > 0 ? minConfidence : null);
    }

    /**
     * Whether this alert goes to this subscription: it matches the filters and was raised after the subscription
     * existed, so a consumer group that starts over (new group, expired offsets) never floods subscribers with history.
     */
    public boolean wants(Alert alert) {
        if (alert.raisedAt() != null && createdAt != null && alert.raisedAt().isBefore(createdAt.minus(CREATION_SLACK))) {
            return false;
        }
        return filter().matches(alert);
    }
}

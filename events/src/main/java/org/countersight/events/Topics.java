package org.countersight.events;

import java.time.Duration;
import java.util.List;

/** Topic names and their retention, as docs/DESIGN.md lists them. Services create these at start-up. */
public final class Topics {
    public static final String SOURCES = "sources";
    public static final String SOURCES_STATUS = "sources.status";
    public static final String ARTICLES_RAW = "articles.raw";
    public static final String ARTICLES_TAGGED = "articles.tagged";
    public static final String ALERTS = "alerts";
    public static final String SUBSCRIPTIONS = "subscriptions";
    /** ingest-service's story identity: one fingerprint claim per article, in one shared order (one partition). */
    public static final String STORIES = "stories";
    /** nlp-service's alert de-duplication: one claim per alert candidate, in one shared order (one partition). */
    public static final String ALERT_CLAIMS = "alerts.claims";
    /** api-service's silence signals: one claim per episode transition of a country, in one shared order (one partition). */
    public static final String SIGNALS = "signals.claims";
    public static final String DLQ_SUFFIX = ".dlq";

    /**
     * How a topic is cleaned up; compacted topics keep the latest value per key, indefinitely unless
     * {@code retention} is set too (compact,delete). {@code partitions} 0 means the service's configured count;
     * the state logs have exactly one, because their readers decide by the order of all records.
     */
    public record Spec(String name, boolean compacted, Duration retention, int partitions) {
        public Spec {
            if (!compacted && retention == null) {
                throw new IllegalArgumentException("a delete-policy topic needs a retention: " + name);
            }
        }

        public Spec(String name, boolean compacted, Duration retention) {
            this(name, compacted, retention, 0);
        }
    }

    private static final Duration ALERT_RETENTION = Duration.ofDays(30);
    private static final Duration DLQ_RETENTION = Duration.ofDays(14);
    /** Claims only matter for articles that can still alert or join a story: far longer than the fresh window. */
    private static final Duration CLAIM_RETENTION = Duration.ofDays(30);

    public static final List<Spec> ALL = List.of(
            new Spec(SOURCES, true, null),
            new Spec(SOURCES_STATUS, true, null),
            new Spec(ARTICLES_RAW, true, null),
            new Spec(ARTICLES_TAGGED, true, null),
            new Spec(ALERTS, false, ALERT_RETENTION),
            new Spec(SUBSCRIPTIONS, true, null),
            new Spec(STORIES, true, CLAIM_RETENTION, 1),
            new Spec(ALERT_CLAIMS, true, CLAIM_RETENTION, 1),
            new Spec(SIGNALS, true, null, 1),
            new Spec(SOURCES + DLQ_SUFFIX, false, DLQ_RETENTION),
            new Spec(ARTICLES_RAW + DLQ_SUFFIX, false, DLQ_RETENTION),
            new Spec(ARTICLES_TAGGED + DLQ_SUFFIX, false, DLQ_RETENTION),
            new Spec(ALERTS + DLQ_SUFFIX, false, DLQ_RETENTION));

    private Topics() {
    }
}

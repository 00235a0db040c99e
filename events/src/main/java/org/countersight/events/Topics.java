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
    public static final String DLQ_SUFFIX = ".dlq";

    /** How a topic is cleaned up; compacted topics keep the latest value per key indefinitely. */
    public record Spec(String name, boolean compacted, Duration retention) {
        public Spec {
            if (!compacted && retention == null) {
                throw new IllegalArgumentException("a delete-policy topic needs a retention: " + name);
            }
        }
    }

    private static final Duration ALERT_RETENTION = Duration.ofDays(30);
    private static final Duration DLQ_RETENTION = Duration.ofDays(14);

    public static final List<Spec> ALL = List.of(
            new Spec(SOURCES, true, null),
            new Spec(SOURCES_STATUS, true, null),
            new Spec(ARTICLES_RAW, true, null),
            new Spec(ARTICLES_TAGGED, true, null),
            new Spec(ALERTS, false, ALERT_RETENTION),
            new Spec(SUBSCRIPTIONS, true, null),
            new Spec(SOURCES + DLQ_SUFFIX, false, DLQ_RETENTION),
            new Spec(ARTICLES_RAW + DLQ_SUFFIX, false, DLQ_RETENTION),
            new Spec(ARTICLES_TAGGED + DLQ_SUFFIX, false, DLQ_RETENTION),
            new Spec(ALERTS + DLQ_SUFFIX, false, DLQ_RETENTION));

    private Topics() {
    }
}

package org.countersight.events;

import java.time.Instant;
import java.util.List;

/**
 * Raised by nlp-service for a fresh surveillance article, keyed by articleId on {@code alerts}.
 * Carries enough to show and route the alert without a lookup.
 */
public record Alert(
        int schemaVersion,
        String articleId,
        String storyId,
        String url,
        String title,
        String sourceId,
        String sourceName,
        Instant publishedAt,
        Instant raisedAt,
        double confidence,
        List<String> countries,
        List<String> categories,
        List<TaggedArticle.Event> events) {

    public static final int SCHEMA_VERSION = 1;
}

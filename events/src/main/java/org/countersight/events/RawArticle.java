package org.countersight.events;

import java.time.Instant;

/**
 * An article as ingest-service found it, keyed by {@code id} on the compacted {@code articles.raw} topic.
 * {@code publishedAtEstimated} is true when the source gave no date and {@code publishedAt} is the fetch time.
 */
public record RawArticle(
        int schemaVersion,
        String id,
        String url,
        String sourceId,
        String sourceName,
        String storyId,
        String guid,
        String title,
        String summary,
        String text,
        String language,
        Instant publishedAt,
        boolean publishedAtEstimated,
        Instant fetchedAt) {

    public static final int SCHEMA_VERSION = 1;
}

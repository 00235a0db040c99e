package org.countersight.events;

import java.time.Instant;

/**
 * A registered feed, keyed by {@code id} on the compacted {@code sources} topic.
 * {@code country} and {@code language} are hints from whoever registered it (may be null).
 */
public record Source(
        int schemaVersion,
        String id,
        String url,
        String name,
        String country,
        String language,
        Integer pollIntervalMinutes,
        Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;

    /** sourceId: stable for a URL, so registering the same feed twice maps to one source. */
    public static String idFor(String url) {
        return ArticleIds.hash16(CanonicalUrl.canonicalize(url)).substring(0, 16);
    }
}

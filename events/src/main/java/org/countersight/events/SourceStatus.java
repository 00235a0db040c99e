package org.countersight.events;

import java.time.Instant;

/**
 * Health of one source after a poll, keyed by sourceId on {@code sources.status}.
 * {@code etag}/{@code lastModified} are the validators of the last good response, so a restarted or
 * newly assigned ingest instance can still poll with a conditional GET. {@code error} is the failure's reason; on an
 * OK poll it is a note for the operator or null (e.g. "parsed leniently: ...", dates without a time zone).
 */
public record SourceStatus(
        int schemaVersion,
        String sourceId,
        String url,
        State state,
        Instant lastAttemptAt,
        Instant lastSuccessAt,
        Integer httpStatus,
        String error,
        int itemsSeen,
        int itemsNew,
        long itemsTotal,
        int consecutiveFailures,
        Instant nextPollAt,
        String etag,
        String lastModified) {

    public static final int SCHEMA_VERSION = 1;

    public enum State { OK, NOT_MODIFIED, ERROR, PAUSED }
}

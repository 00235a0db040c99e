package org.countersight.events;

import java.time.Instant;
import java.util.Locale;

/**
 * Health of one source after a poll, keyed by sourceId on {@code sources.status}.
 * {@code etag}/{@code lastModified} are the validators of the last good response, so a restarted or
 * newly assigned ingest instance can still poll with a conditional GET. {@code error} is the failure's reason; on an
 * OK poll it is a note for the operator or null (e.g. "parsed leniently: ...", dates without a time zone).
 * {@code failure} classifies the last failure (null on success and in records written before it existed: read those
 * with {@link #failureClass()}, which falls back to the message).
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
        String lastModified,
        Failure failure) {

    public static final int SCHEMA_VERSION = 1;

    public enum State { OK, NOT_MODIFIED, ERROR, PAUSED }

    /**
     * Why a fetch failed. The network-level ones are what a cut or filtered connection looks like from the monitor;
     * HTTP, parse and the rest mean the host answered (or the monitor refused to ask).
     */
    public enum Failure {
        CONNECT_TIMEOUT(Kind.NETWORK),
        DNS(Kind.NETWORK),
        CONNECTION_REFUSED(Kind.NETWORK),
        CONNECTION_RESET(Kind.NETWORK),
        TLS(Kind.NETWORK),
        /** Connected, then no (complete) response in time. */
        READ_TIMEOUT(Kind.NETWORK),
        /** Another I/O error on the way to the host. */
        NETWORK(Kind.NETWORK),
        HTTP(Kind.HTTP),
        PARSE(Kind.PARSE),
        /** Refused by the monitor itself (unsafe URL, oversized body, unsupported encoding) or its own Kafka. */
        OTHER(Kind.OTHER);

        /** The reason class the coverage view counts by. */
        public enum Kind {
            NETWORK, HTTP, PARSE, OTHER;

            public String id() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        private final Kind kind;

        Failure(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        public boolean network() {
            return kind == Kind.NETWORK;
        }

        /**
         * The class of a failure recorded only as text (statuses written before {@code failure} existed), from the
         * wording ingest-service has always used. Null for no error.
         */
        public static Failure fromMessage(String error, Integer httpStatus) {
            if (error == null || error.isBlank()) {
                return httpStatus != null && httpStatus >= 400 ? HTTP : null;
            }
            String e = error.toLowerCase(Locale.ROOT);
            if (e.startsWith("could not connect to")) {
                return CONNECT_TIMEOUT;
            }
            if (e.contains("does not resolve")) {
                return DNS;
            }
            if (e.startsWith("connection refused")) {
                return CONNECTION_REFUSED;
            }
            if (e.contains("connection reset")) {
                return CONNECTION_RESET;
            }
            if (e.startsWith("tls error")) {
                return TLS;
            }
            if (e.startsWith("timed out after")) {
                return READ_TIMEOUT;
            }
            if (e.startsWith("network error")) {
                return NETWORK;
            }
            if (e.startsWith("http ") || httpStatus != null && httpStatus >= 400) {
                return HTTP;
            }
            if (e.contains("larger than")) {
                return OTHER;
            }
            if (e.startsWith("response is") || e.contains("feed") || e.contains("parse") || e.contains("xml")) {
                return PARSE;
            }
            return OTHER;
        }
    }

    /** A status as written before {@code failure} existed. */
    public SourceStatus(int schemaVersion, String sourceId, String url, State state, Instant lastAttemptAt,
                        Instant lastSuccessAt, Integer httpStatus, String error, int itemsSeen, int itemsNew,
                        long itemsTotal, int consecutiveFailures, Instant nextPollAt, String etag, String lastModified) {
        this(schemaVersion, sourceId, url, state, lastAttemptAt, lastSuccessAt, httpStatus, error, itemsSeen, itemsNew,
                itemsTotal, consecutiveFailures, nextPollAt, etag, lastModified, null);
    }

    /** Whether the last poll failed (a paused source stopped after failing). */
    public boolean failing() {
        return state == State.ERROR || state == State.PAUSED;
    }

    /** The last failure's class: the recorded one, else read from the message; null when the source is not failing. */
    public Failure failureClass() {
        if (!failing()) {
            return null;
        }
        if (failure != null) {
            return failure;
        }
        Failure f = Failure.fromMessage(error, httpStatus);
        return f == null ? Failure.OTHER : f;
    }
}

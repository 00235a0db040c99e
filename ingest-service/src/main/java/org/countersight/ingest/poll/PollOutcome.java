package org.countersight.ingest.poll;

import org.countersight.events.SourceStatus;

import java.time.Duration;

/**
 * What one poll of one feed came to. {@code etag}/{@code lastModified} are the validators to send next time
 * (only meaningful for OK and NOT_MODIFIED); {@code itemsNew} counts articles acknowledged by Kafka, also when a
 * later send of the same poll failed.
 */
public record PollOutcome(Kind kind, Integer httpStatus, String error, int itemsSeen, int itemsNew, String etag,
                          String lastModified, Duration took, SourceStatus.Failure failure) {

    public PollOutcome(Kind kind, Integer httpStatus, String error, int itemsSeen, int itemsNew, String etag,
                       String lastModified, Duration took) {
        this(kind, httpStatus, error, itemsSeen, itemsNew, etag, lastModified, took, null);
    }

    public enum Kind {
        OK("ok", SourceStatus.State.OK),
        NOT_MODIFIED("not_modified", SourceStatus.State.NOT_MODIFIED),
        FETCH_ERROR("fetch_error", SourceStatus.State.ERROR),
        PARSE_ERROR("parse_error", SourceStatus.State.ERROR),
        /** Our Kafka's trouble, not the source's: it backs off but does not count towards pausing. */
        PUBLISH_ERROR("publish_error", SourceStatus.State.ERROR),
        ERROR("error", SourceStatus.State.ERROR);

        private final String metric;
        private final SourceStatus.State status;

        Kind(String metric, SourceStatus.State status) {
            this.metric = metric;
            this.status = status;
        }

        /** The {@code outcome} tag of the fetch metrics. */
        public String metric() {
            return metric;
        }

        public SourceStatus.State status() {
            return status;
        }

        public boolean failure() {
            return status == SourceStatus.State.ERROR;
        }

        public boolean countsTowardsPause() {
            return failure() && this != PUBLISH_ERROR;
        }
    }

    static PollOutcome success(Kind kind, Integer httpStatus, int itemsSeen, int itemsNew, String etag,
                               String lastModified, Duration took) {
        return new PollOutcome(kind, httpStatus, null, itemsSeen, itemsNew, etag, lastModified, took);
    }

    static PollOutcome failure(Kind kind, Integer httpStatus, String error, int itemsSeen, int itemsNew, Duration took) {
        return failure(kind, httpStatus, error, kind == Kind.PARSE_ERROR ? SourceStatus.Failure.PARSE : SourceStatus.Failure.OTHER,
                itemsSeen, itemsNew, took);
    }

    static PollOutcome failure(Kind kind, Integer httpStatus, String error, SourceStatus.Failure failure, int itemsSeen,
                               int itemsNew, Duration took) {
        return new PollOutcome(kind, httpStatus, error, itemsSeen, itemsNew, null, null, took, failure);
    }
}

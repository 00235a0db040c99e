package org.countersight.ingest.fetch;

import org.countersight.events.SourceStatus;

/**
 * A fetch that failed, with a reason a person can act on ("HTTP 404 Not Found", "timed out after 10 s") and its class
 * (network-level or not), which the coverage view and the silence signal of api-service count by.
 */
public class FetchException extends Exception {
    private final Integer httpStatus;
    private final SourceStatus.Failure failure;

    public FetchException(String reason, Integer httpStatus) {
        this(reason, httpStatus, httpStatus != null && httpStatus >= 400 ? SourceStatus.Failure.HTTP : SourceStatus.Failure.OTHER);
    }

    public FetchException(String reason, Integer httpStatus, SourceStatus.Failure failure) {
        super(reason);
        this.httpStatus = httpStatus;
        this.failure = failure;
    }

    /** A fetch refused by our own address policy: not the network's fault, so class OTHER. */
    public FetchException(String reason, Integer httpStatus, Throwable cause) {
        super(reason, cause);
        this.httpStatus = httpStatus;
        this.failure = SourceStatus.Failure.OTHER;
    }

    /** The HTTP status of the last response, or null when there was none. */
    public Integer httpStatus() {
        return httpStatus;
    }

    public SourceStatus.Failure failure() {
        return failure;
    }
}

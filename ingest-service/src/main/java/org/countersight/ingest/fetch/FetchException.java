package org.countersight.ingest.fetch;

/** A fetch that failed, with a reason a person can act on ("HTTP 404 Not Found", "timed out after 10 s"). */
public class FetchException extends Exception {
    private final Integer httpStatus;

    public FetchException(String reason, Integer httpStatus) {
        super(reason);
        this.httpStatus = httpStatus;
    }

    public FetchException(String reason, Integer httpStatus, Throwable cause) {
        super(reason, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the last response, or null when there was none. */
    public Integer httpStatus() {
        return httpStatus;
    }
}

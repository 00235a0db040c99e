package org.countersight.ingest.parse;

/** The body is not a feed we accept, with a reason a person can act on. */
public class FeedRefusedException extends Exception {
    public static final String DTD_REFUSED = "feed declares a DTD; DTDs are refused for safety";
    public static final String HTML = "response is HTML, not a feed";

    public FeedRefusedException(String reason) {
        super(reason);
    }
}

package org.countersight.api.coverage;

import org.countersight.events.Source;
import org.countersight.events.SourceStatus;

import java.time.Instant;

/**
 * One source as the coverage view and the silence signal see it at one instant.
 *
 * @param country        upper-case ISO code, "" when the source has none
 * @param host           its independence key ({@link Hosts#key})
 * @param windowArticles articles in the signal's quiet window; {@code windowExpected} the baseline there (null: none yet)
 */
public record SourceState(Source source, SourceStatus status, String country, String host, Silence silence,
                          int lastHour, int last24Hours, Double expectedHour, Double expected24Hours,
                          int windowArticles, Double windowExpected, Instant lastArticleAt) {

    /** What a source says about its country's reachability. */
    public enum Silence {
        /** Answers and publishes about as usual. */
        HEALTHY,
        /** Fails at network level: connect timeout, DNS, refused, reset, TLS, read timeout. */
        NETWORK,
        /** Answers but publishes far below its baseline. */
        QUIET,
        /** Fails with an HTTP or parse error: the host answered, so no evidence of silence. */
        FAILING,
        /** No status yet, or one too old to say anything about now. */
        UNKNOWN;

        public boolean silent() {
            return this == NETWORK || this == QUIET;
        }
    }
}

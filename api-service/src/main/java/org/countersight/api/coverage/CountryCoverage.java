package org.countersight.api.coverage;

import java.time.Instant;
import java.util.List;

/**
 * One country's coverage: how many sources, how they are doing, how much arrived against the baseline, and its
 * silence signal. {@code registered} = {@code active} + {@code failing} + {@code paused} + {@code pending};
 * {@code failingByReason} classes the failing and paused ones (network, http, parse, other).
 */
public record CountryCoverage(String country, String name, Counts sources, Reasons failingByReason, Articles articles,
                              Instant lastArticleAt, int hosts, int silentHosts, SignalState signal,
                              List<SourceCoverage> sourceList) {

    public record Counts(int registered, int active, int failing, int paused, int pending) {
    }

    public record Reasons(int network, int http, int parse, int other) {
    }

    /**
     * @param baselineHour     what the sources' baselines expect in the last hour; null while none has one
     * @param learning         sources without a baseline yet (new, or no articles)
     */
    public record Articles(int lastHour, int last24Hours, Double baselineHour, Double baseline24Hours, int learning) {
    }

    /**
     * @param state "none", "watching" (the condition holds, not yet for {@code hold}), "raised" (open episode) or
     *              "recovered" (the last episode ended)
     */
    public record SignalState(String state, String episodeId, Instant since, Instant raisedAt, Instant recoveredAt,
                              Double confidence, String reason) {
    }

    /** One source of the country (only in the single-country answer). */
    public record SourceCoverage(String id, String name, String host, String state, String failure, String reasonClass,
                                 String error, Instant lastAttemptAt, Instant lastSuccessAt, int lastHour, int last24Hours,
                                 Double baselineHour, Double baseline24Hours, Instant lastArticleAt, String silence) {
    }
}

package org.countersight.events;

import java.time.Instant;
import java.util.List;

/**
 * An alert on {@code alerts}, keyed by {@code articleId}. Carries enough to show and route the alert without a lookup.
 * <p>
 * Two kinds share the stream. Article alerts ({@code kind} null or {@value #KIND_ARTICLE}) are raised by nlp-service
 * for a fresh surveillance article. Signals ({@value #KIND_SIGNAL}) are raised by api-service when a country's own
 * sources go silent: {@code inferred} is true (nobody reported it; the monitor concluded it from its sources),
 * {@code articleId} is the signal's id, {@code url} is null and {@code signal} holds the evidence. Readers that know
 * only the first kind still see a well-formed alert (title, country, category {@value #CATEGORY_INTERNET_SHUTDOWN}).
 */
public record Alert(
        int schemaVersion,
        String articleId,
        String storyId,
        String url,
        String title,
        String sourceId,
        String sourceName,
        Instant publishedAt,
        Instant raisedAt,
        double confidence,
        List<String> countries,
        List<String> categories,
        List<TaggedArticle.Event> events,
        String kind,
        Boolean inferred,
        Signal signal) {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND_ARTICLE = "article";
    public static final String KIND_SIGNAL = "signal";
    public static final String CATEGORY_INTERNET_SHUTDOWN = "internet_shutdown";

    /** An article alert, as nlp-service writes it. */
    public Alert(int schemaVersion, String articleId, String storyId, String url, String title, String sourceId,
                 String sourceName, Instant publishedAt, Instant raisedAt, double confidence, List<String> countries,
                 List<String> categories, List<TaggedArticle.Event> events) {
        this(schemaVersion, articleId, storyId, url, title, sourceId, sourceName, publishedAt, raisedAt, confidence,
                countries, categories, events, null, null, null);
    }

    /** Whether this is a silence signal (not named isSignal: that would become a JSON property). */
    public boolean silenceSignal() {
        return KIND_SIGNAL.equals(kind);
    }

    /**
     * A silence signal: one per episode of a country, {@code phase} {@value #RAISED} when it starts and
     * {@value #RECOVERED} (a second alert, same {@code episodeId}) when the sources come back.
     *
     * @param since           when the silence began (the first failing or quiet evidence)
     * @param sources         the country's sources with a known state
     * @param silentSources   of those, failing at network level or far below their baseline
     * @param hosts           independent hosts among the country's sources
     * @param silentHosts     hosts all of whose sources are silent
     * @param healthyElsewhere hosts of other countries that answered after this country went silent
     * @param evidence        the silent sources and their statuses (on recovery: the sources that came back)
     */
    public record Signal(String episodeId, String phase, String country, Instant since, int sources, int silentSources,
                         int hosts, int silentHosts, int healthyElsewhere, String reason, List<Evidence> evidence) {
        public static final String RAISED = "raised";
        public static final String RECOVERED = "recovered";
    }

    /**
     * One source's part in a signal.
     *
     * @param state     its last poll state (OK, ERROR, PAUSED, ...)
     * @param failure   the failure class when failing (CONNECT_TIMEOUT, DNS, ...)
     * @param silence   why it counts: "network" (fails at network level) or "quiet" (answers, far below baseline)
     * @param articles  articles in the signal's window; {@code expected} what its baseline expects there (null: none yet)
     */
    public record Evidence(String sourceId, String name, String host, String state, String failure, String error,
                           Instant lastAttemptAt, Instant lastSuccessAt, String silence, Integer articles, Double expected) {
    }
}

package org.countersight.ingest.poll;

import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.ingest.config.Settings.PollSettings;

import java.time.Duration;
import java.time.Instant;

/**
 * The source-health policy, pure: what a poll's outcome means for a source — its status, whether it pauses, when it
 * is polled next. Failures back off exponentially ({@code errorBackoff} × 2^(n-1), at most {@code maxBackoff}, ±20 %
 * jitter so failing sources spread out) and pause the source after {@code pauseAfterFailures} in a row (Kafka write
 * failures do not count); a success resets the count and adapts the interval ({@link AdaptiveInterval}), keeping the
 * cadence from the start of the poll.
 */
public final class SourceHealth {

    static final double JITTER = 0.2;

    /** What a source remembers between polls. */
    public record State(int consecutiveFailures, Instant lastSuccessAt, String etag, String lastModified,
                        long itemsTotal, Duration interval, boolean paused, Instant pausedAt) {

        public static State fresh(Duration interval) {
            return new State(0, null, null, null, 0, interval, false, null);
        }

        public State withInterval(Duration d) {
            return new State(consecutiveFailures, lastSuccessAt, etag, lastModified, itemsTotal, d, paused, pausedAt);
        }

        /** An operator or a re-registration lifts a pause: polling starts over without past failures. */
        public State resumed() {
            return new State(0, lastSuccessAt, etag, lastModified, itemsTotal, interval, false, null);
        }
    }

    /**
     * @param delay      how long from now until the next poll (meaningless when paused)
     * @param nextPollAt what {@code sources.status} announces; null when paused
     */
    public record Decision(State state, SourceStatus.State status, String error, Duration delay, Instant nextPollAt) {
    }

    private final PollSettings poll;

    public SourceHealth(PollSettings poll) {
        this.poll = poll;
    }

    /**
     * @param attemptAt when the poll started
     * @param now       when it ended
     * @param jitter    a value in [-1, 1] spreading the back-off (random in production)
     */
    public Decision decide(State s, PollOutcome o, Instant attemptAt, Instant now, double jitter) {
        if (o.kind().failure()) {
            int failures = s.consecutiveFailures() + (o.kind().countsTowardsPause() ? 1 : 0);
            boolean pauses = o.kind().countsTowardsPause() && failures >= poll.pauseAfterFailures();
            State next = new State(failures, s.lastSuccessAt(), s.etag(), s.lastModified(), s.itemsTotal(), s.interval(),
                    s.paused() || pauses, pauses ? attemptAt : s.pausedAt());
            String error = pauses ? o.error() + " (paused after " + failures + " consecutive failures)" : o.error();
            Duration delay = backoff(Math.max(1, failures), jitter);
            return new Decision(next, pauses ? SourceStatus.State.PAUSED : o.kind().status(), error, delay,
                    next.paused() ? null : now.plus(delay));
        }
        Duration interval = AdaptiveInterval.next(s.interval(), o.itemsNew(), poll);
        State next = new State(0, attemptAt, o.etag(), o.lastModified(), s.itemsTotal() + o.itemsNew(), interval,
                s.paused(), s.pausedAt());
        // keep the cadence from the start of this poll, so a slow fetch does not push the schedule back
        Duration left = interval.minus(Duration.between(attemptAt, now));
        // a success's error is the parser's note ("parsed leniently: ..."), null for a clean feed
        return new Decision(next, o.kind().status(), o.error(), left.isNegative() ? Duration.ZERO : left,
                next.paused() ? null : attemptAt.plus(interval));
    }

    /** errorBackoff × 2^(failures-1), at most maxBackoff, then ±20 % by {@code jitter} in [-1, 1]; at least 1 ms. */
    Duration backoff(int failures, double jitter) {
        long base = poll.errorBackoff().toMillis();
        long max = poll.maxBackoff().toMillis();
        long exp = failures >= 31 ? max : Math.min(max, base * (1L << Math.min(30, failures - 1)));
        return Duration.ofMillis(Math.max(1, (long) (exp * (1 + JITTER * jitter))));
    }

    /** The state a source resumes with from its last {@code sources.status}; a fresh one when there is none for its URL. */
    public State restored(SourceStatus s, Source source) {
        if (s == null || s.url() == null || !s.url().equals(source.url())) {
            return State.fresh(AdaptiveInterval.initial(source, poll));
        }
        boolean paused = s.state() == SourceStatus.State.PAUSED;
        return new State(s.consecutiveFailures(), s.lastSuccessAt(), s.etag(), s.lastModified(), s.itemsTotal(),
                AdaptiveInterval.restored(s, source, poll), paused, paused ? s.lastAttemptAt() : null);
    }

    /** Keeps the schedule across restarts and hand-overs, but never waits longer than one interval from now. */
    public static Duration firstDelay(SourceStatus s, Source source, State state, Instant now) {
        if (s == null || s.url() == null || !s.url().equals(source.url()) || state.paused() || s.nextPollAt() == null) {
            return Duration.ZERO;
        }
        Duration untilNext = Duration.between(now, s.nextPollAt());
        return untilNext.isNegative() ? Duration.ZERO : untilNext.compareTo(state.interval()) > 0 ? state.interval() : untilNext;
    }
}

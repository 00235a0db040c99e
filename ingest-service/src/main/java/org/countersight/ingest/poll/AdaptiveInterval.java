package org.countersight.ingest.poll;

import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.ingest.config.Settings.PollSettings;

import java.time.Duration;

/**
 * The poll interval of one source, adapted to how often it publishes. It starts at the source's own
 * {@code pollIntervalMinutes} (else {@code default-interval}); a successful poll that brought new articles
 * shortens it to two thirds, one that brought none (a 304, or only items already seen) stretches it by half; it always stays
 * within {@code [min-interval, max-interval]}. Errors do not change it (they have their own back-off).
 * As the two factors cancel out, the interval settles where half of the polls find something new: about half the
 * source's publishing gap (a source publishing once an hour is polled about every 30 minutes, so a new item waits
 * about a quarter of an hour on average).
 * <p>
 * Nothing extra goes on the wire: the interval in force is {@code nextPollAt - lastAttemptAt} of the source's last
 * successful status, which is how a restarted instance or the next owner of the source picks it up.
 */
public final class AdaptiveInterval {

    /** Factor after a poll with new articles: the inverse of {@link #LENGTHEN}. */
    public static final double SHORTEN = 2.0 / 3.0;
    /** Factor after a poll without new articles. */
    public static final double LENGTHEN = 1.5;

    private AdaptiveInterval() {
    }

    /** Where a source starts: its own wish, else the default, within the bounds. */
    public static Duration initial(Source source, PollSettings poll) {
        Duration wanted = source.pollIntervalMinutes() != null && source.pollIntervalMinutes() > 0
                ? Duration.ofMinutes(source.pollIntervalMinutes()) : poll.defaultInterval();
        return clamp(wanted, poll);
    }

    /** The interval after a successful poll that sent {@code itemsNew} new articles. */
    public static Duration next(Duration current, int itemsNew, PollSettings poll) {
        double factor = itemsNew > 0 ? SHORTEN : LENGTHEN;
        return clamp(Duration.ofMillis(Math.round(current.toMillis() * factor)), poll);
    }

    /**
     * The interval a source had according to its last status: {@code nextPollAt - lastAttemptAt} of an OK or
     * NOT_MODIFIED status (rounded to whole seconds), else the initial one.
     */
    public static Duration restored(SourceStatus status, Source source, PollSettings poll) {
        if (status == null || status.nextPollAt() == null || status.lastAttemptAt() == null
                || (status.state() != SourceStatus.State.OK && status.state() != SourceStatus.State.NOT_MODIFIED)) {
            return initial(source, poll);
        }
        Duration d = Duration.between(status.lastAttemptAt(), status.nextPollAt());
        if (d.isNegative() || d.isZero()) {
            return initial(source, poll);
        }
        return clamp(Duration.ofSeconds(Math.max(1, Math.round(d.toMillis() / 1000.0))), poll);
    }

    static Duration clamp(Duration d, PollSettings poll) {
        if (d.compareTo(poll.minInterval()) < 0) {
            return poll.minInterval();
        }
        return d.compareTo(poll.maxInterval()) > 0 ? poll.maxInterval() : d;
    }
}

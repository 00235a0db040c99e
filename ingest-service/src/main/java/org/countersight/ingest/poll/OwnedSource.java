package org.countersight.ingest.poll;

import org.countersight.events.Source;
import org.countersight.events.SourceStatus;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A source this instance owns (its partition of {@code sources} is assigned here), with what it remembers between
 * polls. {@code health} is replaced whole under the object's lock; readers may read it without.
 */
final class OwnedSource {
    volatile Source source;
    volatile int partition;
    volatile SourceHealth.State health;
    volatile SourceStatus lastStatus;
    volatile Instant nextPollAt;
    volatile boolean cancelled;
    /** The timer task of the next poll; guarded by this. */
    ScheduledFuture<?> next;
    /** A poll is in flight: never two at once for one source. */
    final AtomicBoolean running = new AtomicBoolean();
    /** A poll-now arrived; the poll that starts next (or right after the one in flight) serves it. */
    volatile boolean pollNowPending;
    /**
     * The daily quota of new articles: the UTC day counted and what was sent on it. Only the poll in flight
     * touches them (never two at once); kept in memory, so a restart or a hand-over starts the day's count anew.
     */
    java.time.LocalDate quotaDay;
    int sentOnQuotaDay;

    OwnedSource(Source source, int partition, SourceHealth.State health) {
        this.source = source;
        this.partition = partition;
        this.health = health;
    }

    boolean paused() {
        return health.paused();
    }
}

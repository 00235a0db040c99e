package org.countersight.ingest.poll;

import org.countersight.ingest.fetch.HostGate;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * When each owned source is polled: one timer thread keeps every source's next poll; when it is due, the poll
 * waits for its host's politeness slot ({@link HostGate}) and then runs on a bounded worker pool, never two at
 * once for one source.
 */
final class PollScheduler implements AutoCloseable {

    private final HostGate hosts;
    private final Consumer<OwnedSource> poll;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    PollScheduler(HostGate hosts, int concurrency, Consumer<OwnedSource> poll) {
        this.hosts = hosts;
        this.poll = poll;
        this.timer = Executors.newSingleThreadScheduledExecutor(named("poll-timer"));
        this.workers = Executors.newFixedThreadPool(Math.max(1, concurrency), named("poll-worker"));
    }

    /** (Re)plans the next poll of a source, replacing any planned one; nothing for a paused or dropped source. */
    void schedule(OwnedSource t, Duration delay) {
        synchronized (t) {
            if (t.cancelled || t.paused()) {
                return;
            }
            if (t.next != null) {
                t.next.cancel(false);
            }
            t.nextPollAt = Instant.now().plus(delay);
            try {
                t.next = timer.schedule(() -> dispatch(t), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /**
     * A poll now, on an operator's request: it goes at once instead of waiting for the host's politeness slot
     * (the slot is still taken, so the polls after it keep their spacing). A poll already in flight started too
     * early to see what was asked for, so the source is polled again right after it.
     * @return false for a paused or dropped source
     */
    boolean pollNow(OwnedSource t) {
        synchronized (t) {
            if (t.cancelled || t.paused()) {
                return false;
            }
            if (t.next != null) {
                t.next.cancel(false);
            }
            t.nextPollAt = Instant.now();
            try {
                t.next = timer.schedule(() -> {
                    if (!t.cancelled && !t.paused()) {
                        hosts.takeNow(hostOf(t.source.url()));
                        t.pollNowPending = true;
                        submit(t);
                    }
                }, 0, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return false; // shutting down
            }
            return true;
        }
    }

    /** No more polls of this source (one in flight finishes). */
    void cancel(OwnedSource t) {
        synchronized (t) {
            t.cancelled = true;
            if (t.next != null) {
                t.next.cancel(false);
            }
        }
    }

    /** Waits, at most {@code max}, until none of these sources has a poll in flight. */
    void awaitIdle(Collection<OwnedSource> sources, Duration max) {
        long until = System.nanoTime() + max.toNanos();
        for (OwnedSource t : sources) {
            while (t.running.get() && System.nanoTime() < until) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** On the timer thread: claim a per-host slot, then hand the poll to a worker at that slot. */
    private void dispatch(OwnedSource t) {
        if (t.cancelled || t.paused()) {
            return;
        }
        Duration wait = hosts.reserve(hostOf(t.source.url()));
        if (wait.isZero()) {
            submit(t);
        } else {
            synchronized (t) {
                if (!t.cancelled) {
                    t.next = timer.schedule(() -> submit(t), wait.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /** How soon a poll that found its source's previous poll still running tries again. */
    private static final Duration STILL_RUNNING_RETRY = Duration.ofMillis(100);

    private void submit(OwnedSource t) {
        if (t.cancelled || t.paused()) {
            return;
        }
        if (!t.running.compareAndSet(false, true)) {
            // The previous poll of this source is still finishing: it scheduled this one with no delay because it
            // took longer than the interval (a broker fail-over holds the acknowledgements for seconds). Dropping
            // it here would leave the source with no next poll at all; try again shortly instead.
            schedule(t, STILL_RUNNING_RETRY);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    t.pollNowPending = false;
                    poll.accept(t);
                } finally {
                    t.running.set(false);
                }
                if (t.pollNowPending) {
                    submit(t);
                }
            });
        } catch (RejectedExecutionException e) {
            t.running.set(false);
        }
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

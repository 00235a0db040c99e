package org.countersight.events.kafka;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** How far a {@link TopicReader} has handed records over, per partition, and the threads that wait for it. */
final class ReadProgress {

    private final String name;
    private final Supplier<Throwable> failure;
    /** Per partition, the offset of the next record to hand over: all before it are handled. */
    private final Map<TopicPartition, Long> handled = new HashMap<>();
    private Map<TopicPartition, Long> endAtStart = Map.of();
    private boolean caughtUp;

    ReadProgress(String name, Supplier<Throwable> failure) {
        this.name = name;
        this.failure = failure;
    }

    synchronized void started(Map<TopicPartition, Long> end) {
        endAtStart = Map.copyOf(end);
    }

    synchronized void handledUpTo(Map<TopicPartition, Long> positions) {
        handled.putAll(positions);
        notifyAll();
    }

    /** Whether every partition has been handed over up to the end it had at start. */
    synchronized boolean reachedEnd() {
        for (var e : endAtStart.entrySet()) {
            if (handled.getOrDefault(e.getKey(), -1L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    synchronized void markCaughtUp() {
        caughtUp = true;
        notifyAll();
    }

    synchronized boolean isCaughtUp() {
        return caughtUp;
    }

    /** Wakes the waiters, e.g. when the reader stopped. */
    synchronized void wake() {
        notifyAll();
    }

    synchronized boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp) {
            if (!waitUntil(deadline)) {
                return false;
            }
        }
        return true;
    }

    synchronized void awaitHandled(TopicPartition partition, long offset, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handled.getOrDefault(partition, -1L) <= offset) {
            if (!waitUntil(deadline)) {
                throw new TimeoutException(name + " has not read " + partition + " up to offset " + offset
                        + " within " + timeout + " (at " + handled.get(partition) + ")");
            }
        }
    }

    /** Waits a while (called holding the lock); false once the deadline has passed. Throws if the reader failed. */
    private boolean waitUntil(long deadline) throws InterruptedException {
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException(name + " stopped: " + f, f);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        return true;
    }
}

package org.countersight.ingest.fetch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Politeness: hands out request slots per host, at most one per {@code spacing}. */
public final class HostGate {

    private final long spacingNanos;
    private final Map<String, Long> nextFree = new HashMap<>();

    public HostGate(Duration spacing) {
        this.spacingNanos = spacing.toNanos();
    }

    /** Takes a slot now, whatever is booked (an operator's poll-now); later requests queue after it. */
    public synchronized void takeNow(String host) {
        if (spacingNanos <= 0 || host == null) {
            return;
        }
        long now = System.nanoTime();
        nextFree.put(host, Math.max(now, nextFree.getOrDefault(host, now)) + spacingNanos);
    }

    /** Claims the next free slot of the host. @return how long to wait until that slot */
    public synchronized Duration reserve(String host) {
        long now = System.nanoTime();
        if (spacingNanos <= 0 || host == null) {
            return Duration.ZERO;
        }
        if (nextFree.size() > 10_000) {
            for (Iterator<Long> it = nextFree.values().iterator(); it.hasNext(); ) {
                if (it.next() - now < 0) {
                    it.remove();
                }
            }
        }
        long slot = Math.max(now, nextFree.getOrDefault(host, now));
        nextFree.put(host, slot + spacingNanos);
        return Duration.ofNanos(slot - now);
    }
}

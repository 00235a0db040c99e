package org.countersight.api.limits;

/** A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code perMinute}. */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    TokenBucket(int capacity, int perMinute, long now) {
        this.capacity = Math.max(1, capacity);
        this.perNano = Math.max(1, perMinute) / 60e9;
        this.tokens = this.capacity;
        this.last = now;
    }

    /** @return 0 when a token was taken, else the nanoseconds until one will be there */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Whether the bucket is full again, i.e. no different from a new one (so it may be forgotten). */
    synchronized boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}

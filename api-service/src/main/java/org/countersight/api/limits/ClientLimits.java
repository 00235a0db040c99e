package org.countersight.api.limits;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.problem.Problem;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-client token buckets for the endpoints that cost the most (search, export, the SSE stream) and the caps on
 * exports and SSE clients running at once. A client is its API key's id when it sent a valid key, else its address
 * (an IPv6 client by its /64, which one host usually holds whole). Memory stays bounded: a bucket that has refilled
 * is the same as a new one and is forgotten, and past {@code max-tracked-clients} new clients share one bucket.
 */
@ApplicationScoped
public class ClientLimits {

    public enum Kind {
        SEARCH("searches"), EXPORT("exports"), STREAM("stream connections");

        final String plural;

        Kind(String plural) {
            this.plural = plural;
        }
    }

    private record Rate(int perMinute, int burst) {
    }

    private static final String OVERFLOW = "(too many clients)";

    private final Map<Kind, Rate> rates = new EnumMap<>(Kind.class);
    private final Map<Kind, Map<String, TokenBucket>> buckets = new EnumMap<>(Kind.class);
    private final int maxClients;
    private final int maxExports;
    private final int maxStreams;
    private final Semaphore exports;
    private final Semaphore streams;
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

    public ClientLimits(CountersightConfig config) {
        CountersightConfig.Limits l = config.limits();
        rates.put(Kind.SEARCH, new Rate(l.searchPerMinute(), l.searchBurst()));
        rates.put(Kind.EXPORT, new Rate(l.exportPerMinute(), l.exportBurst()));
        rates.put(Kind.STREAM, new Rate(l.streamPerMinute(), l.streamBurst()));
        for (Kind k : Kind.values()) {
            buckets.put(k, new ConcurrentHashMap<>());
        }
        this.maxClients = Math.max(16, l.maxTrackedClients());
        this.maxExports = Math.max(1, l.maxConcurrentExports());
        this.maxStreams = Math.max(1, l.maxStreamClients());
        this.exports = new Semaphore(maxExports);
        this.streams = new Semaphore(maxStreams);
    }

    /** Takes one token of this kind for the client, or returns the 429 problem (with Retry-After) to answer instead. */
    public Problem take(Kind kind, String client) {
        long now = System.nanoTime();
        Map<String, TokenBucket> map = buckets.get(kind);
        Rate rate = rates.get(kind);
        TokenBucket bucket = map.get(client);
        if (bucket == null) {
            long last = lastSweep.get();
            // at most one sweep a second, so a flood of new addresses cannot make every request scan the whole map
            if (map.size() >= maxClients && now - last > 1_000_000_000L && lastSweep.compareAndSet(last, now)) {
                map.entrySet().removeIf(e -> e.getValue().full(now));
            }
            String key = map.size() >= maxClients ? OVERFLOW : client;
            bucket = map.computeIfAbsent(key, k -> new TokenBucket(rate.burst(), rate.perMinute(), now));
        }
        long wait = bucket.take(now);
        if (wait == 0) {
            return null;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
        return new Problem(Problem.type("rate-limited"), "Too many requests", 429,
                "this client may start " + rate.perMinute() + " " + kind.plural + " per minute (" + rate.burst()
                        + " at once); try again in " + seconds + " s")
                .with("limit", kind.name().toLowerCase(java.util.Locale.ROOT))
                .with("retryAfterSeconds", seconds)
                .header("Retry-After", Long.toString(seconds));
    }

    /** A slot that is given back once, however often {@link #close} is called. */
    public static final class Slot implements AutoCloseable {
        private final Semaphore owner;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Slot(Semaphore owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                owner.release();
            }
        }
    }

    /** One of the export slots, or the 503 problem when all are taken. */
    public Slot export() {
        if (!exports.tryAcquire()) {
            throw new LimitException(new Problem(Problem.type("busy"), "Too many exports running", 503,
                    maxExports + " exports are streaming on this server right now, the most it runs at once; "
                            + "try again in a minute, or narrow the export with filters so it finishes sooner")
                    .header("Retry-After", "30"));
        }
        return new Slot(exports);
    }

    /** One of the SSE client slots, or the 503 problem when all are taken. */
    public Slot stream() {
        if (!streams.tryAcquire()) {
            throw new LimitException(new Problem(Problem.type("busy"), "Too many live stream clients", 503,
                    maxStreams + " clients are connected to the alert stream of this server, the most it serves at once; "
                            + "try again later, or poll GET /api/v1/alerts instead")
                    .header("Retry-After", "60"));
        }
        return new Slot(streams);
    }

    /** A limit was reached; mapped to its problem+json. */
    public static final class LimitException extends RuntimeException {
        private final transient Problem problem;

        public LimitException(Problem problem) {
            super(problem.detail, null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /** The client a request counts against: its key's id when the key is valid, else its address (IPv6 by /64). */
    public static String client(String keyId, String remoteAddress) {
        if (keyId != null) {
            return "key:" + keyId;
        }
        if (remoteAddress == null) {
            return "ip:unknown";
        }
        String host = remoteAddress.startsWith("[") ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        if (host.indexOf(':') >= 0) {
            try {
                byte[] b = InetAddress.getByName(host).getAddress(); // a literal: no lookup
                if (b.length == 16) {
                    StringBuilder sb = new StringBuilder("ip6:");
                    for (int i = 0; i < 8; i++) {
                        sb.append(String.format("%02x", b[i]));
                    }
                    return sb.append("::/64").toString();
                }
            } catch (UnknownHostException e) {
                return "ip:" + host;
            }
        }
        return "ip:" + host;
    }
}

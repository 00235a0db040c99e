package org.countersight.api.alerts;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SSE event id: for each partition of {@code alerts}, the offset after the last alert this replica had
 * read when it sent the event, written {@code 0:12,1:5,2:9}. It depends only on Kafka offsets, so it is the
 * same on every replica and after a restart, and a client reconnecting anywhere with {@code Last-Event-ID}
 * gets exactly the alerts it had not yet been sent.
 */
public final class StreamPosition {

    private static final int MAX_LENGTH = 4096;
    private final Map<Integer, Long> next;

    private StreamPosition(Map<Integer, Long> next) {
        this.next = Collections.unmodifiableMap(new TreeMap<>(next));
    }

    public static StreamPosition of(Map<Integer, Long> next) {
        return new StreamPosition(next);
    }

    public static StreamPosition start() {
        return new StreamPosition(Map.of());
    }

    /** True when the alert at this partition and offset comes after this position, i.e. was not yet sent. */
    public boolean isBefore(int partition, long offset) {
        return offset >= next.getOrDefault(partition, 0L);
    }

    public String encode() {
        StringBuilder sb = new StringBuilder();
        next.forEach((p, o) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(p).append(':').append(o);
        });
        return sb.length() == 0 ? "start" : sb.toString();
    }

    /** @throws IllegalArgumentException when the text is not an id this service issued */
    public static StreamPosition decode(String id) {
        if (id == null || id.isBlank() || id.strip().equals("start")) {
            return start();
        }
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("event id is too long");
        }
        Map<Integer, Long> next = new TreeMap<>();
        for (String pair : id.strip().split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("event id '" + abbreviate(id) + "' is not of the form partition:offset,…");
            }
            try {
                int p = Integer.parseInt(pair.substring(0, colon));
                long o = Long.parseLong(pair.substring(colon + 1));
                if (p < 0 || o < 0 || next.put(p, o) != null) {
                    throw new IllegalArgumentException("event id '" + abbreviate(id) + "' has a negative or repeated partition");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("event id '" + abbreviate(id) + "' is not of the form partition:offset,…");
            }
        }
        return new StreamPosition(next);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    @Override
    public String toString() {
        return encode();
    }
}

package org.countersight.api.index;

import org.apache.lucene.util.BytesRef;

/** Parses the {@link FlowFields} doc values (keys joined by {@link FlowFields#SEP}) into {@link FlowScan} values. */
final class FlowValues {

    interface Parser<T> {
        T parse(BytesRef bytes);
    }

    /**
     * One instance per distinct value or group key across segments and queries, so summing segments and collecting
     * seen values compare by reference (hash lookups of equal keys stop at {@code ==}). Bounded by the distinct
     * vendor × country × category combinations the index holds.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Object, Object> CANONICAL =
            new java.util.concurrent.ConcurrentHashMap<>();

    private FlowValues() {
    }

    @SuppressWarnings("unchecked")
    static <T> T canonical(T value) {
        if (value == null) {
            return null;
        }
        Object known = CANONICAL.get(value); // lock-free; putIfAbsent locks the bin even when the key is there
        if (known == null) {
            known = CANONICAL.putIfAbsent(value, value);
        }
        return known == null ? value : (T) known;
    }

    static FlowScan.EventValue eventValue(BytesRef bytes) {
        String[] p = split(bytes, 2);
        return canonical(new FlowScan.EventValue(p[0], p[1]));
    }

    static FlowScan.FlowValue flowValue(BytesRef bytes) {
        String[] p = split(bytes, 4);
        return canonical(new FlowScan.FlowValue(p[0], p[1], p[2], p[3]));
    }

    private static String[] split(BytesRef bytes, int parts) {
        String s = bytes.utf8ToString();
        String[] out = new String[parts];
        int start = 0;
        for (int i = 0; i < parts - 1; i++) {
            int end = s.indexOf(FlowFields.SEP, start);
            if (end < 0) {
                throw new IllegalStateException("malformed flow value in the index: " + s.replace(FlowFields.SEP, '|'));
            }
            out[i] = s.substring(start, end);
            start = end + 1;
        }
        out[parts - 1] = s.substring(start);
        return out;
    }
}

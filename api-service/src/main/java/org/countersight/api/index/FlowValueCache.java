package org.countersight.api.index;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.BytesRef;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed {@link FlowFields} values of a segment, by ordinal: a segment's doc values never change, so each distinct
 * value is parsed once per segment, not once per query. Entries leave when their segment is closed (merged away).
 */
final class FlowValueCache {

    interface Parser<T> {
        T parse(BytesRef bytes);
    }

    private static final Map<Object, Object[]> PARSED = new ConcurrentHashMap<>();

    private FlowValueCache() {
    }

    /** The (lazily filled) parsed values of {@code field} in the segment, one slot per ordinal. */
    static Object[] parsedFor(LeafReaderContext leaf, String field, long valueCount) {
        IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
        if (helper == null) {
            return new Object[(int) valueCount];
        }
        List<Object> key = List.of(helper.getKey(), field);
        Object[] parsed = PARSED.get(key);
        if (parsed == null || parsed.length != valueCount) {
            parsed = new Object[(int) valueCount];
            if (PARSED.putIfAbsent(key, parsed) == null) {
                helper.addClosedListener(k -> PARSED.keySet().removeIf(x -> ((List<?>) x).get(0) == k));
            } else {
                parsed = PARSED.get(key);
            }
        }
        return parsed;
    }

    static FlowScan.EventValue eventValue(BytesRef bytes) {
        String[] p = split(bytes, 2);
        return new FlowScan.EventValue(p[0], p[1]);
    }

    static FlowScan.FlowValue flowValue(BytesRef bytes) {
        String[] p = split(bytes, 4);
        return new FlowScan.FlowValue(p[0], p[1], p[2], p[3]);
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

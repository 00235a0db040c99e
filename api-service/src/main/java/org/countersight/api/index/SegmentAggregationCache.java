package org.countersight.api.index;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SegmentAggregation}s of recent aggregations, per segment reader: a segment's doc values never change and a
 * reopened searcher shares the readers of unchanged segments, so a repeated aggregation (the unfiltered flows, map
 * and vendor list) re-reads only new segments and those with new deletions (their reader, and so the key, changes).
 * Least recently used first out, within a budget of estimated heap bytes; entries of a closed reader leave at once.
 */
final class SegmentAggregationCache {

    interface Builder {
        SegmentAggregation build() throws IOException;
    }

    static final long BUDGET_BYTES = 128L << 20;

    private static final LinkedHashMap<List<Object>, SegmentAggregation> ENTRIES = new LinkedHashMap<>(64, 0.75f, true);
    private static final java.util.Set<IndexReader.CacheKey> LISTENING = new java.util.HashSet<>();
    private static long bytes;

    private SegmentAggregationCache() {
    }

    /** The cached aggregation of the segment for {@code key}, or a new one (cached when the reader has a key). */
    static SegmentAggregation get(LeafReaderContext leaf, Object key, Builder builder) throws IOException {
        IndexReader.CacheHelper helper = key == null ? null : leaf.reader().getReaderCacheHelper();
        if (helper == null) {
            return builder.build();
        }
        List<Object> entry = List.of(helper.getKey(), key);
        synchronized (ENTRIES) {
            SegmentAggregation cached = ENTRIES.get(entry);
            if (cached != null) {
                return cached;
            }
        }
        SegmentAggregation built = builder.build(); // outside the lock: two requests may both build; same result
        synchronized (ENTRIES) {
            boolean firstForReader = LISTENING.add(helper.getKey());
            SegmentAggregation previous = ENTRIES.put(entry, built);
            bytes += built.bytes() - (previous == null ? 0 : previous.bytes());
            if (firstForReader) {
                helper.addClosedListener(SegmentAggregationCache::forget);
            }
            evict();
        }
        return built;
    }

    private static void evict() {
        Iterator<SegmentAggregation> eldest = ENTRIES.values().iterator();
        while (bytes > BUDGET_BYTES && eldest.hasNext()) {
            bytes -= eldest.next().bytes();
            eldest.remove();
        }
    }

    private static void forget(IndexReader.CacheKey reader) {
        synchronized (ENTRIES) {
            LISTENING.remove(reader);
            Iterator<Map.Entry<List<Object>, SegmentAggregation>> it = ENTRIES.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<List<Object>, SegmentAggregation> e = it.next();
                if (e.getKey().get(0) == reader) {
                    bytes -= e.getValue().bytes();
                    it.remove();
                }
            }
        }
    }

    /** Entries now held (for tests). */
    static int size() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }
}

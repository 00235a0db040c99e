package org.countersight.api.index;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-searcher aggregations of the latest searchers: while no article arrives or leaves, the searcher (and its
 * reader) stays the same, so a repeated aggregation is answered without summing the segments again. A few entries,
 * least recently used out; entries of a closed reader leave at once. New articles mean a new reader: then
 * {@link SegmentAggregationCache} still spares the unchanged segments.
 */
final class SearcherAggregationCache {

    record Entry(FlowAggregation total, SeenValues seen) {
    }

    private static final int MAX_ENTRIES = 16;
    private static final Map<List<Object>, Entry> ENTRIES = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    private static final java.util.Set<IndexReader.CacheKey> LISTENING = new java.util.HashSet<>();

    private SearcherAggregationCache() {
    }

    static Entry get(IndexSearcher searcher, Object key) {
        IndexReader.CacheHelper helper = key == null ? null : searcher.getIndexReader().getReaderCacheHelper();
        if (helper == null) {
            return null;
        }
        synchronized (ENTRIES) {
            return ENTRIES.get(List.of(helper.getKey(), key));
        }
    }

    static void put(IndexSearcher searcher, Object key, Entry entry) {
        IndexReader.CacheHelper helper = key == null ? null : searcher.getIndexReader().getReaderCacheHelper();
        if (helper == null) {
            return;
        }
        synchronized (ENTRIES) {
            ENTRIES.put(List.of(helper.getKey(), key), entry);
            if (LISTENING.add(helper.getKey())) {
                helper.addClosedListener(SearcherAggregationCache::forget);
            }
        }
    }

    private static void forget(IndexReader.CacheKey reader) {
        synchronized (ENTRIES) {
            LISTENING.remove(reader);
            ENTRIES.keySet().removeIf(k -> k.get(0) == reader);
        }
    }
}

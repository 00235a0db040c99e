package org.countersight.api.index;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per group: the number of articles (an article counts once per group however many of its values fall in it),
 * first and last published, and the latest {@code keep} articles (doc ids). Primitive arrays indexed by group, so
 * adding an article costs a few array writes. Used for one segment (segment doc ids, see {@link SegmentAggregation})
 * and for the whole searcher (searcher-wide doc ids), which sums the segments'.
 */
public final class FlowAggregation {
    private final Map<Object, Integer> ids = new HashMap<>();
    private final List<Object> keys = new ArrayList<>();
    private final int keep;
    private long[] count = new long[64];
    private long[] first = new long[64];
    private long[] last = new long[64];
    private long[] sampleTime;
    private int[] sampleDoc;
    private int[] kept = new int[64];
    /** Articles with at least one counted value. */
    public long documents;

    FlowAggregation(int keep) {
        this.keep = keep;
        sampleTime = new long[64 * Math.max(1, keep)];
        sampleDoc = new int[64 * Math.max(1, keep)];
    }

    public int size() {
        return keys.size();
    }

    public Object key(int group) {
        return keys.get(group);
    }

    public long count(int group) {
        return count[group];
    }

    public long first(int group) {
        return first[group];
    }

    public long last(int group) {
        return last[group];
    }

    /** Doc ids of the kept articles, newest first (then lowest doc id). */
    public int[] samples(int group) {
        int n = kept[group];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = group * keep + i;
        }
        Arrays.sort(order, (a, b) -> sampleTime[a] != sampleTime[b]
                ? Long.compare(sampleTime[b], sampleTime[a]) : Integer.compare(sampleDoc[a], sampleDoc[b]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampleDoc[order[i]];
        }
        return out;
    }

    int group(Object key) {
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int g = keys.size();
        ids.put(key, g);
        keys.add(key);
        if (g == count.length) {
            int n = g * 2;
            count = Arrays.copyOf(count, n);
            first = Arrays.copyOf(first, n);
            last = Arrays.copyOf(last, n);
            kept = Arrays.copyOf(kept, n);
            sampleTime = Arrays.copyOf(sampleTime, n * Math.max(1, keep));
            sampleDoc = Arrays.copyOf(sampleDoc, n * Math.max(1, keep));
        }
        first[g] = Long.MAX_VALUE;
        last[g] = Long.MIN_VALUE;
        return g;
    }

    void add(int g, long millis, int doc) {
        count[g]++;
        first[g] = Math.min(first[g], millis);
        last[g] = Math.max(last[g], millis);
        offer(g, millis, doc);
    }

    /** Adds one segment's groups; {@code docBase} turns its doc ids into searcher-wide ones. */
    void addAll(FlowAggregation segment, int docBase, int[] groupOf) {
        for (int s = 0; s < segment.size(); s++) {
            int g = groupOf[s];
            count[g] += segment.count[s];
            first[g] = Math.min(first[g], segment.first[s]);
            last[g] = Math.max(last[g], segment.last[s]);
            for (int i = s * keep; i < s * keep + segment.kept[s]; i++) {
                offer(g, segment.sampleTime[i], docBase + segment.sampleDoc[i]);
            }
        }
        documents += segment.documents;
    }

    /** Keeps the article if it is among the latest {@code keep} of the group (on a tie, the one seen first). */
    private void offer(int g, long millis, int doc) {
        if (keep == 0) {
            return;
        }
        int base = g * keep;
        if (kept[g] < keep) {
            sampleTime[base + kept[g]] = millis;
            sampleDoc[base + kept[g]] = doc;
            kept[g]++;
            return;
        }
        int oldest = base;
        for (int i = base + 1; i < base + keep; i++) {
            if (sampleTime[i] < sampleTime[oldest]) {
                oldest = i;
            }
        }
        if (millis > sampleTime[oldest]) {
            sampleTime[oldest] = millis;
            sampleDoc[oldest] = doc;
        }
    }

    /** Drops the key lookup and spare capacity: for a finished segment's groups, kept in a cache. */
    void compact() {
        ids.clear();
        int n = keys.size();
        count = Arrays.copyOf(count, n);
        first = Arrays.copyOf(first, n);
        last = Arrays.copyOf(last, n);
        kept = Arrays.copyOf(kept, n);
        sampleTime = Arrays.copyOf(sampleTime, n * keep);
        sampleDoc = Arrays.copyOf(sampleDoc, n * keep);
        ((ArrayList<Object>) keys).trimToSize();
    }

    /** Rough heap size in bytes, for the cache's budget. */
    long bytes() {
        return 64L * keys.size() + 28L * count.length + 12L * sampleTime.length;
    }
}

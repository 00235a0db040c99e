package org.countersight.api.index;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One segment's groups for one query, event filter and grouping: its {@link FlowAggregation} (segment doc ids) and
 * which ordinal fell in which group (to replay {@link FlowScan.Grouping#seen}). Immutable once built, so
 * {@link SegmentAggregationCache} can keep it for as long as the segment and its deletions stay the same.
 */
final class SegmentAggregation {

    private static final int UNSEEN = -2;
    private static final int SKIPPED = -1;

    final FlowAggregation groups;
    /** Per ordinal: its group in {@link #groups}, or negative when not counted. */
    final int[] groupOfOrdinal;
    /** The parsed values by ordinal (the segment's {@link FlowTable#values}). */
    final Object[] values;

    private SegmentAggregation(FlowAggregation groups, int[] groupOfOrdinal, Object[] values) {
        this.groups = groups;
        this.groupOfOrdinal = groupOfOrdinal;
        this.values = values;
    }

    /**
     * The segment's matching articles, counted per group; {@code groupKey} gives a value's (canonical) group key, or
     * null when the value is filtered out.
     */
    @SuppressWarnings("unchecked")
    static <T> SegmentAggregation build(LeafReaderContext leaf, Weight weight, FlowScan.Source<T> source,
            Function<T, Object> groupKey, int minConfidence, int keep) throws IOException {
        FlowAggregation out = new FlowAggregation(keep);
        FlowTable table = FlowTable.of(leaf, source);
        int[] groupOf = new int[table.values.length];
        Arrays.fill(groupOf, UNSEEN);
        Scorer scorer = weight.scorer(leaf);
        if (scorer != null) {
            Bits live = leaf.reader().getLiveDocs();
            int[] docGroups = new int[16];
            int position = 0;
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                int entry = table.entryOf(doc, position, live);
                if (entry < 0) {
                    continue;
                }
                position = entry + 1;
                int groups = 0;
                for (int row = table.firstRow[entry], end = table.firstRow[entry + 1]; row < end; row++) {
                    if (table.confidence[row] < minConfidence) {
                        continue;
                    }
                    int ord = table.ords[row];
                    int g = groupOf[ord];
                    if (g == UNSEEN) {
                        T v = (T) table.values[ord];
                        Object key = groupKey.apply(v);
                        g = key == null ? SKIPPED : out.group(key);
                        groupOf[ord] = g;
                    }
                    if (g < 0 || contains(docGroups, groups, g)) {
                        continue;
                    }
                    if (groups == docGroups.length) {
                        docGroups = Arrays.copyOf(docGroups, groups * 2);
                    }
                    docGroups[groups++] = g;
                }
                if (groups > 0) {
                    long millis = table.published[entry];
                    out.documents++;
                    for (int j = 0; j < groups; j++) {
                        out.add(docGroups[j], millis, doc);
                    }
                }
            }
        }
        out.compact();
        return new SegmentAggregation(out, groupOf, table.values);
    }

    /** Adds this segment to {@code total}, telling {@code seen} each counted value and its group in the total. */
    void addTo(FlowAggregation total, int docBase, SeenValues seen) {
        int[] global = new int[groups.size()];
        for (int s = 0; s < global.length; s++) {
            global[s] = total.group(groups.key(s));
        }
        total.addAll(groups, docBase, global);
        for (int ord = 0; ord < groupOfOrdinal.length; ord++) {
            if (groupOfOrdinal[ord] >= 0) {
                seen.add(global[groupOfOrdinal[ord]], values[ord]);
            }
        }
    }

    long bytes() {
        return groups.bytes() + 4L * groupOfOrdinal.length + 64;
    }

    private static boolean contains(int[] values, int n, int value) {
        for (int j = 0; j < n; j++) {
            if (values[j] == value) {
                return true;
            }
        }
        return false;
    }
}

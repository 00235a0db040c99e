package org.countersight.api.index;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One segment's values of a {@link FlowFields} field as plain arrays: for each document with values, its published
 * time and a run of rows (value ordinal, confidence percent), and each ordinal's parsed value. Decoding doc values
 * per document was most of an aggregation's time (~0.8 µs per article); reading these arrays is a few nanoseconds, so
 * any query shape, also one never asked before, costs about a pass over the segment's matching documents.
 * <p>
 * A segment's doc values never change, so a table is built once per segment core (deletions are applied when read,
 * from the reader of the moment) and dropped when the segment is closed. {@link #warm} builds the tables of a new
 * searcher's segments before it serves requests, so no request pays for a build.
 */
final class FlowTable {

    /** Segment doc ids with at least one value, ascending. */
    final int[] docs;
    /** Per entry of {@link #docs}: published, epoch millis (0 when unknown). */
    final long[] published;
    /** Per entry of {@link #docs}, and one more: its rows are {@code firstRow[i]} until {@code firstRow[i + 1]}. */
    final int[] firstRow;
    /** Per row: the value's ordinal in the segment's doc values. */
    final int[] ords;
    /** Per row: the confidence in whole percent (see {@link FlowFields#keysWithConfidence}). */
    final byte[] confidence;
    /** Per ordinal: the parsed value. */
    final Object[] values;

    private FlowTable(int[] docs, long[] published, int[] firstRow, int[] ords, byte[] confidence, Object[] values) {
        this.docs = docs;
        this.published = published;
        this.firstRow = firstRow;
        this.ords = ords;
        this.confidence = confidence;
        this.values = values;
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FlowTable.class);
    private static final Map<List<Object>, FlowTable> TABLES = new ConcurrentHashMap<>();
    private static final java.util.Set<IndexReader.CacheKey> LISTENING = ConcurrentHashMap.newKeySet();

    /** The segment's table of {@code source}'s field, built on first use. */
    static FlowTable of(LeafReaderContext leaf, FlowScan.Source<?> source) throws IOException {
        return of(leaf.reader(), source);
    }

    /**
     * Builds the tables of every segment of {@code reader} that has none yet (a searcher's warm-up). A value that
     * does not parse is logged and left for the request that needs it to report, so searching goes on.
     */
    static void warm(IndexReader reader) throws IOException {
        for (LeafReaderContext leaf : reader.leaves()) {
            for (FlowScan.Source<?> source : FlowScan.SOURCES) {
                try {
                    of(leaf.reader(), source);
                } catch (RuntimeException e) {
                    LOG.warnf("could not read the %s values of index segment %s: %s", source.field(), leaf.reader(),
                            e.getMessage());
                }
            }
        }
    }

    /** The segment's table of {@code source} if it was built (for tests). */
    static FlowTable built(LeafReader reader, FlowScan.Source<?> source) {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        return helper == null ? null : TABLES.get(List.of(helper.getKey(), source.field()));
    }

    private static FlowTable of(LeafReader reader, FlowScan.Source<?> source) throws IOException {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return build(reader, source);
        }
        List<Object> key = List.of(helper.getKey(), source.field());
        FlowTable table = TABLES.get(key);
        if (table != null) {
            return table;
        }
        table = build(reader, source); // two first requests may both build; same table, one is kept
        FlowTable raced = TABLES.putIfAbsent(key, table);
        if (LISTENING.add(helper.getKey())) {
            helper.addClosedListener(core -> {
                LISTENING.remove(core);
                TABLES.keySet().removeIf(k -> k.get(0) == core);
            });
        }
        return raced == null ? table : raced;
    }

    private static FlowTable build(LeafReader reader, FlowScan.Source<?> source) throws IOException {
        SortedSetDocValues dv = DocValues.getSortedSet(reader, source.field());
        SortedNumericDocValues conf = DocValues.getSortedNumeric(reader, source.confidenceField());
        NumericDocValues pub = DocValues.getNumeric(reader, ArticleDocuments.PUBLISHED);
        Object[] values = new Object[Math.toIntExact(dv.getValueCount())];
        for (int ord = 0; ord < values.length; ord++) {
            values[ord] = source.parser().parse(dv.lookupOrd(ord));
        }
        int[] docs = new int[64];
        long[] published = new long[64];
        int[] firstRow = new int[65];
        int[] ords = new int[128];
        byte[] confidence = new byte[128];
        int n = 0;
        int rows = 0;
        for (int doc = dv.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = dv.nextDoc()) {
            int count = dv.docValueCount();
            int confidences = conf.advanceExact(doc) ? conf.docValueCount() : 0;
            if (n == docs.length) {
                docs = Arrays.copyOf(docs, n * 2);
                published = Arrays.copyOf(published, n * 2);
                firstRow = Arrays.copyOf(firstRow, n * 2 + 1);
            }
            if (rows + count > ords.length) {
                int size = Math.max(ords.length * 2, rows + count);
                ords = Arrays.copyOf(ords, size);
                confidence = Arrays.copyOf(confidence, size);
            }
            docs[n] = doc;
            published[n] = pub.advanceExact(doc) ? pub.longValue() : 0L;
            firstRow[n] = rows;
            for (int i = 0; i < count; i++) {
                ords[rows] = (int) dv.nextOrd();
                // the i-th number belongs to the i-th value: position * 128 + percent
                confidence[rows] = (byte) (i < confidences ? conf.nextValue() % 128 : 0);
                rows++;
            }
            n++;
        }
        firstRow[n] = rows;
        return new FlowTable(Arrays.copyOf(docs, n), Arrays.copyOf(published, n), Arrays.copyOf(firstRow, n + 1),
                Arrays.copyOf(ords, rows), Arrays.copyOf(confidence, rows), values);
    }

    /**
     * The entry of segment doc id {@code doc} at or after entry {@code from} (the caller's previous position, for
     * documents visited in order), or -1 when the document has no values or is deleted in {@code live} (the reader's
     * live docs, null: none deleted).
     */
    int entryOf(int doc, int from, Bits live) {
        if (live != null && !live.get(doc)) {
            return -1;
        }
        if (from < docs.length && docs[from] == doc) {
            return from; // the usual case: the query's next match is the table's next document
        }
        int i = Arrays.binarySearch(docs, Math.min(from, docs.length), docs.length, doc);
        return i < 0 ? -1 : i;
    }
}

package org.countersight.api.index;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One pass over the per-event doc values of {@link FlowFields} for the articles of a query: the visitor sees each
 * matching article once, with its distinct events or flows that pass the event-level filter. Reads doc values only
 * (no stored fields), so it costs one step per matching article plus one parse per distinct value per segment.
 * Single-threaded, segment by segment, on one searcher: the caller's visitor needs no synchronisation.
 */
public final class FlowScan {

    /** An event place: where, what. */
    public record EventValue(String country, String category) {
    }

    /** A vendor's event: who (and from where), where, what. */
    public record FlowValue(String vendorId, String homeCountry, String country, String category) {
    }

    /**
     * Event-level filter. Empty sets mean any; {@code minConfidencePercent} 0 admits all; {@code vendorId} null any.
     */
    public record EventFilter(Set<String> countries, Set<String> categories, int minConfidencePercent, String vendorId,
            Set<String> vendorCountries) {

        public EventFilter {
            countries = countries == null ? Set.of() : Set.copyOf(countries);
            categories = categories == null ? Set.of() : Set.copyOf(categories);
            vendorCountries = vendorCountries == null ? Set.of() : Set.copyOf(vendorCountries);
        }

        boolean admits(String country, String category) {
            return (countries.isEmpty() || countries.contains(country))
                    && (categories.isEmpty() || categories.contains(category));
        }

        boolean admits(String vendor, String home, String country, String category) {
            return admits(country, category) && (vendorId == null || vendorId.equals(vendor))
                    && (vendorCountries.isEmpty() || vendorCountries.contains(home));
        }
    }

    public interface Visitor<T> {
        /**
         * {@code doc} is the searcher-wide doc id, for {@link #article}; {@code values} distinct, never empty, and
         * reused for the next article (copy what you keep).
         */
        void visit(long publishedMillis, int doc, List<T> values);
    }

    private FlowScan() {
    }

    /** Articles of {@code query} with at least one vendor flow passing {@code filter}, one visit each. */
    public static void flows(IndexSearcher searcher, Query query, EventFilter filter, Visitor<FlowValue> visitor)
            throws IOException {
        scan(searcher, flowQuery(query, filter), FlowFields.FLOWS, FlowFields.FLOWS_CONFIDENCE, FlowScan::flowValue,
                v -> filter.admits(v.vendorId(), v.homeCountry(), v.country(), v.category()), filter.minConfidencePercent(),
                visitor);
    }

    /** How values are grouped: a group key per value (null: not counted); {@code seen} once per group and value. */
    public interface Grouping<T> {
        Object key(T value);

        default void seen(int group, T value) {
        }
    }

    /**
     * Per group: the number of articles (an article counts once per group however many of its values fall in it),
     * first and last published, and the latest {@code keep} articles. Filled with primitive arrays per ordinal, so the
     * cost per article is a few array reads; group keys are computed once per distinct value and segment.
     */
    public static final class Aggregation {
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

        Aggregation(int keep) {
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

        /** Doc ids of the kept articles, newest first. */
        public int[] samples(int group) {
            int n = kept[group];
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = group * keep + i;
            }
            java.util.Arrays.sort(order, (a, b) -> sampleTime[a] != sampleTime[b]
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
                count = java.util.Arrays.copyOf(count, n);
                first = java.util.Arrays.copyOf(first, n);
                last = java.util.Arrays.copyOf(last, n);
                kept = java.util.Arrays.copyOf(kept, n);
                sampleTime = java.util.Arrays.copyOf(sampleTime, n * Math.max(1, keep));
                sampleDoc = java.util.Arrays.copyOf(sampleDoc, n * Math.max(1, keep));
            }
            first[g] = Long.MAX_VALUE;
            last[g] = Long.MIN_VALUE;
            return g;
        }

        void add(int g, long millis, int doc) {
            count[g]++;
            if (millis < first[g]) {
                first[g] = millis;
            }
            if (millis > last[g]) {
                last[g] = millis;
            }
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
    }

    /** {@link #events} grouped. */
    public static Aggregation aggregateEvents(IndexSearcher searcher, Query query, EventFilter filter,
            Grouping<EventValue> grouping, int keep) throws IOException {
        return aggregate(searcher, marked(query, FlowFields.EVENT_MARK), FlowFields.EVENTS, FlowFields.EVENTS_CONFIDENCE,
                bytes -> {
                    String[] p = split(bytes, 2);
                    return new EventValue(p[0], p[1]);
                }, v -> filter.admits(v.country(), v.category()), filter.minConfidencePercent(), grouping, keep);
    }

    /** {@link #flows} grouped. */
    public static Aggregation aggregateFlows(IndexSearcher searcher, Query query, EventFilter filter,
            Grouping<FlowValue> grouping, int keep) throws IOException {
        return aggregate(searcher, flowQuery(query, filter), FlowFields.FLOWS, FlowFields.FLOWS_CONFIDENCE,
                FlowScan::flowValue, v -> filter.admits(v.vendorId(), v.homeCountry(), v.country(), v.category()),
                filter.minConfidencePercent(), grouping, keep);
    }

    private static FlowValue flowValue(BytesRef bytes) {
        String[] p = split(bytes, 4);
        return new FlowValue(p[0], p[1], p[2], p[3]);
    }

    private static Query flowQuery(Query query, EventFilter filter) {
        Query q = marked(query, FlowFields.FLOW_MARK);
        if (filter.vendorId() != null) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(FlowFields.VENDOR_ID, filter.vendorId())), BooleanClause.Occur.FILTER)
                    .build();
        }
        return q;
    }

    private static final int UNSEEN = -2;
    private static final int SKIPPED = -1;

    @SuppressWarnings("unchecked")
    private static <T> Aggregation aggregate(IndexSearcher searcher, Query query, String field, String confidenceField,
            Parser<T> parser, Predicate<T> filter, int minConfidence, Grouping<T> grouping, int keep) throws IOException {
        Aggregation out = new Aggregation(keep);
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        int[] docGroups = new int[16];
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            SortedSetDocValues dv = DocValues.getSortedSet(leaf.reader(), field);
            SortedNumericDocValues confidence = DocValues.getSortedNumeric(leaf.reader(), confidenceField);
            NumericDocValues published = DocValues.getNumeric(leaf.reader(), ArticleDocuments.PUBLISHED);
            Object[] parsed = parsedFor(leaf, field, dv.getValueCount());
            int[] groupOf = new int[parsed.length]; // this query's group per ordinal
            java.util.Arrays.fill(groupOf, UNSEEN);
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc) || !dv.advanceExact(doc)) {
                    continue;
                }
                int confidences = confidence.advanceExact(doc) ? confidence.docValueCount() : 0;
                int n = dv.docValueCount();
                int groups = 0;
                for (int i = 0; i < n; i++) {
                    int ord = (int) dv.nextOrd();
                    long c = i < confidences ? confidence.nextValue() % 128 : 0;
                    if (c < minConfidence) {
                        continue;
                    }
                    int g = groupOf[ord];
                    if (g == UNSEEN) {
                        Object v = parsed[ord];
                        if (v == null) {
                            v = parser.parse(dv.lookupOrd(ord));
                            parsed[ord] = v;
                        }
                        Object key = filter.test((T) v) ? grouping.key((T) v) : null;
                        g = key == null ? SKIPPED : out.group(key);
                        groupOf[ord] = g;
                        if (g >= 0) {
                            grouping.seen(g, (T) v);
                        }
                    }
                    if (g < 0) {
                        continue;
                    }
                    boolean dup = false;
                    for (int j = 0; j < groups && !dup; j++) {
                        dup = docGroups[j] == g;
                    }
                    if (!dup) {
                        if (groups == docGroups.length) {
                            docGroups = java.util.Arrays.copyOf(docGroups, groups * 2);
                        }
                        docGroups[groups++] = g;
                    }
                }
                if (groups > 0) {
                    long millis = published.advanceExact(doc) ? published.longValue() : 0L;
                    int global = leaf.docBase + doc;
                    out.documents++;
                    for (int j = 0; j < groups; j++) {
                        out.add(docGroups[j], millis, global);
                    }
                }
            }
        }
        return out;
    }

    /** The stored article of a searcher-wide doc id (for evidence). */
    public static TaggedArticle article(IndexSearcher searcher, int doc) throws IOException {
        BytesRef ref = searcher.storedFields().document(doc, Set.of(ArticleDocuments.JSON))
                .getBinaryValue(ArticleDocuments.JSON);
        return Json.MAPPER.readerFor(TaggedArticle.class).readValue(ref.bytes, ref.offset, ref.length);
    }

    private interface Parser<T> {
        T parse(BytesRef bytes);
    }

    /**
     * Parsed values per segment and field, by ordinal: a segment's doc values never change, so each distinct value is
     * parsed once per segment, not once per query. Entries leave when their segment is closed (merged away).
     */
    private static final Map<Object, Object[]> PARSED = new ConcurrentHashMap<>();

    private static Object[] parsedFor(LeafReaderContext leaf, String field, long valueCount) {
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

    private static Query marked(Query query, String mark) {
        return new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(FlowFields.HAS, mark)), BooleanClause.Occur.FILTER).build();
    }

    private static final byte UNKNOWN = 0;
    private static final byte ADMITTED = 1;
    private static final byte REJECTED = 2;

    @SuppressWarnings("unchecked")
    private static <T> void scan(IndexSearcher searcher, Query query, String field, String confidenceField,
            Parser<T> parser, Predicate<T> filter, int minConfidence, Visitor<T> visitor) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<T> values = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            SortedSetDocValues dv = DocValues.getSortedSet(leaf.reader(), field);
            SortedNumericDocValues confidence = DocValues.getSortedNumeric(leaf.reader(), confidenceField);
            NumericDocValues published = DocValues.getNumeric(leaf.reader(), ArticleDocuments.PUBLISHED);
            Object[] parsed = parsedFor(leaf, field, dv.getValueCount());
            byte[] admitted = new byte[parsed.length]; // this query's filter, per ordinal
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc) || !dv.advanceExact(doc)) {
                    continue;
                }
                int confidences = confidence.advanceExact(doc) ? confidence.docValueCount() : 0;
                values.clear();
                for (int i = 0, n = dv.docValueCount(); i < n; i++) {
                    int ord = (int) dv.nextOrd();
                    // the i-th number belongs to the i-th value (FlowFields.keysWithConfidence)
                    long c = i < confidences ? confidence.nextValue() % 128 : 0;
                    if (c < minConfidence) {
                        continue;
                    }
                    Object v = parsed[ord];
                    if (v == null) {
                        v = parser.parse(dv.lookupOrd(ord));
                        parsed[ord] = v;
                    }
                    if (admitted[ord] == UNKNOWN) {
                        admitted[ord] = filter.test((T) v) ? ADMITTED : REJECTED;
                    }
                    if (admitted[ord] == ADMITTED) {
                        values.add((T) v); // distinct: a document's values are
                    }
                }
                if (!values.isEmpty()) {
                    long millis = published.advanceExact(doc) ? published.longValue() : 0L;
                    visitor.visit(millis, leaf.docBase + doc, values);
                }
            }
        }
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
